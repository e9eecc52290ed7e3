/**
 * The policy check every non-read call passes in code, whatever the model says: read tools run;
 * reversible tools run only when the owner allowed autonomy for that tool and a matching target,
 * otherwise they wait for a person; destructive tools always wait for a person. Pure, so the runner
 * enforces it and the page explains it with the same function.
 */
import type { JarvisRisk } from './catalog';

export type JarvisPolicy = { tool: string; target: string; autonomous: boolean };

export type PolicyVerdict =
  | { run: true; because: 'read' | 'autonomy' }
  | { run: false; because: 'destructive' | 'no_autonomy' | 'autonomy_off' };

/** `*` matches any run of characters; everything else literally, case-insensitive. No regex from data. */
export function targetMatches(pattern: string, target: string): boolean {
  const p = pattern.toLowerCase();
  const t = target.toLowerCase();
  const parts = p.split('*');
  if (parts.length === 1) return p === t;
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === 0) {
      if (!t.startsWith(part)) return false;
      at = part.length;
    } else if (i === parts.length - 1) {
      return t.length - part.length >= at && t.endsWith(part);
    } else {
      const found = t.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
  }
  return true;
}

export function decide(
  call: { tool: string; risk: JarvisRisk; target: string | null },
  policies: readonly JarvisPolicy[],
  options: { autonomyEnabled: boolean },
): PolicyVerdict {
  if (call.risk === 'read') return { run: true, because: 'read' };
  if (call.risk === 'destructive') return { run: false, because: 'destructive' };
  if (!options.autonomyEnabled) return { run: false, because: 'autonomy_off' };
  const target = call.target ?? '';
  const granted = policies.some(
    (p) => p.autonomous && (p.tool === call.tool || p.tool === '*') && targetMatches(p.target, target),
  );
  return granted ? { run: true, because: 'autonomy' } : { run: false, because: 'no_autonomy' };
}
