/**
 * What `homelab update` does and how it undoes it, as data: the images each service ran before the
 * update are remembered, and a failed health gate turns into "tag those images back, recreate the
 * services that changed, gate again". Pure, so the rollback decisions are tested without an engine.
 */

export type ServiceImage = { service: string; reference: string; imageId: string };

export type UpdateStep =
  | { kind: 'pull'; services: string[] }
  | { kind: 'migrate' }
  | { kind: 'restart'; services: string[] }
  | { kind: 'health'; services: string[] };

export type RollbackStep =
  | { kind: 'retag'; reference: string; imageId: string; services: string[] }
  | { kind: 'restart'; services: string[] }
  | { kind: 'health'; services: string[] };

export type ImageChange = { service: string; reference: string; from: string; to: string };

const unique = (values: string[]) => [...new Set(values)].sort();

export function updatePlan(
  before: ServiceImage[],
  options: { services?: string[]; migrate: boolean; gated: string[] },
): UpdateStep[] {
  const services = unique(options.services ?? before.map((s) => s.service));
  const steps: UpdateStep[] = [{ kind: 'pull', services }];
  if (options.migrate) steps.push({ kind: 'migrate' });
  steps.push({ kind: 'restart', services });
  steps.push({ kind: 'health', services: unique(options.gated.filter((s) => services.includes(s))) });
  return steps;
}

/**
 * What to recreate after the pull: the named services, and every running service whose image the
 * pull changed. Services can share one image (both runners processes and dbpool do), and one left
 * on the old image would run stale code beside the new. One-shot services are left alone, so a
 * deploy does not rerun them.
 */
export function recreateTargets(requested: string[], changes: ImageChange[], running: string[]): string[] {
  const sharers = changes.map((c) => c.service).filter((service) => running.includes(service));
  return unique([...requested, ...sharers]);
}

/** Services whose image id differs after the pull (same reference, new content). */
export function imageChanges(before: ServiceImage[], after: ServiceImage[]): ImageChange[] {
  const now = new Map(after.map((s) => [s.service, s]));
  return before
    .flatMap((old) => {
      const current = now.get(old.service);
      if (!current || current.imageId === old.imageId) return [];
      return [{ service: old.service, reference: old.reference, from: old.imageId, to: current.imageId }];
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * Tags each changed reference back to the image id it had, once per reference (several services
 * can share one image), then recreates and gates the changed services. A reference pinned by digest
 * cannot move, so it never needs a retag.
 */
export function rollbackPlan(before: ServiceImage[], after: ServiceImage[], gated: string[]): RollbackStep[] {
  const changes = imageChanges(before, after);
  if (changes.length === 0) return [];
  const byReference = new Map<string, { imageId: string; services: string[] }>();
  for (const change of changes) {
    if (change.reference.includes('@')) continue;
    const entry = byReference.get(change.reference) ?? { imageId: change.from, services: [] };
    entry.services.push(change.service);
    byReference.set(change.reference, entry);
  }
  const services = unique(changes.map((c) => c.service));
  return [
    ...[...byReference.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reference, { imageId, services }]) => ({
        kind: 'retag' as const,
        reference,
        imageId,
        services: unique(services),
      })),
    { kind: 'restart', services },
    { kind: 'health', services: unique(gated.filter((s) => services.includes(s))) },
  ];
}

/** Splits `registry:5000/org/app:tag` into repo and tag (`latest` when absent). */
export function parseReference(reference: string): { repo: string; tag: string } {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > slash) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}
