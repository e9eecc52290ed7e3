/**
 * What the built-in rules look at for an incident, gathered with the same functions the tools use:
 * the subject is read from the incident (an alert names its metric in `alert:<metric>` and its
 * containers in the message; a monitor's incident is about what its config watches), then the
 * containers, disks, certificate or DNS record it is about. Every look is listed in `checked`, so
 * "unknown" still says what was ruled out.
 */
import type { MonitorConfig } from '@homelab/db/monitoring';
import { readPublicIp } from '../../ddns/store';
import { inspectContainer } from '../../docker/containers';
import { findMonitor } from '../../monitors/store';
import { errorText } from '../tools/define';
import { type DnsFacts, lookupName } from '../tools/dns';
import { dockerDeps } from '../tools/docker';
import { readLogTail } from '../tools/logs';
import { latestSample } from '../tools/system';
import { type CertificateCheck, checkCertificate } from '../tools/tls';
import type { ToolContext } from '../tools/types';

export type IncidentInput = {
  id: string;
  monitorId: string | null;
  alertRuleId: string | null;
  cause: string;
  lastMessage: string | null;
};

export type ContainerFacts =
  | { name: string; missing: true }
  | {
      name: string;
      missing: false;
      state: string;
      health: string;
      exitCode: number | null;
      oomKilled: boolean;
      restartCount: number;
      restartPolicy: string;
      engineError: string | null;
      healthOutput: string | null;
      /** The last lines that look like errors (or the last lines, when none does). */
      errorLines: string[];
      logsRead: number;
    };

export type DiskFacts = {
  mounts: { mount: string; percent: number; freeBytes: number; totalBytes: number }[];
  unusedImages: { count: number; bytes: number; largest: { name: string; bytes: number }[] } | null;
};

export type DnsCheckFacts = DnsFacts & { hasDdnsRecord: boolean };

export type IncidentFacts = {
  incident: { id: string; cause: string; message: string };
  /** What the incident is about, as read from it. */
  about: 'containers' | 'disk' | 'certificate' | 'dns' | 'other';
  monitor: { name: string; type: string } | null;
  containers: ContainerFacts[];
  disk: DiskFacts | null;
  certificate: CertificateCheck | null;
  dns: DnsCheckFacts | null;
  /** The Caddy (reverse proxy) container, whose logs say why a renewal fails. */
  proxyContainer: string | null;
  checked: string[];
};

const errorLike =
  /\b(error|err|fatal|panic|exception|fail(ed|ure|ing)?|refused|denied|cannot|can't|unable|no such|not found|killed|segfault|traceback|oom|out of memory|invalid|missing)\b/i;

/** The last few lines that look like errors, or the last lines when none does. */
export function errorLines(lines: string[], count = 5): string[] {
  const matching = lines.filter((line) => errorLike.test(line));
  return (matching.length > 0 ? matching : lines).slice(-count).map((line) => line.slice(0, 300));
}

/** Container names an alert's message lists: "Restarted more than 3 times in 1 h: web (5), db (4)." */
export function containersNamedIn(message: string): string[] {
  const colon = message.lastIndexOf(': ');
  if (colon < 0) return [];
  return message
    .slice(colon + 2)
    .replace(/\.$/, '')
    .split(', ')
    .map((part) => part.replace(/\s*\(\d+\)$/, '').trim())
    .filter((name) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name))
    .slice(0, 5);
}

async function containerFacts(ctx: ToolContext, ref: string): Promise<ContainerFacts> {
  let inspected: Awaited<ReturnType<typeof inspectContainer>>;
  try {
    inspected = await inspectContainer(dockerDeps(ctx), ref);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { name: ref, missing: true };
    throw error;
  }
  const { inspect, summary } = inspected;
  let lines: string[] = [];
  try {
    lines = (await readLogTail(ctx, summary.id, { tail: 100 })).lines.map((line) => line.text);
  } catch (error) {
    ctx.log.debug('logs unreadable for a diagnosis', { container: summary.name, err: error });
  }
  const health = inspect.State.Health;
  const lastHealth = health?.Log?.[health.Log.length - 1];
  const policy = inspect.HostConfig?.RestartPolicy?.Name;
  return {
    name: summary.name,
    missing: false,
    state: summary.state,
    health: summary.health,
    exitCode: inspect.State.ExitCode ?? null,
    oomKilled: inspect.State.OOMKilled === true,
    restartCount: summary.restartCount,
    restartPolicy: policy || 'no',
    engineError: inspect.State.Error || null,
    healthOutput: lastHealth && lastHealth.ExitCode !== 0 ? lastHealth.Output.trim().slice(0, 300) : null,
    errorLines: errorLines(lines),
    logsRead: lines.length,
  };
}

async function diskFacts(ctx: ToolContext): Promise<DiskFacts> {
  const sample = await latestSample(ctx);
  const mounts = sample.disks
    .map((disk) => ({
      mount: disk.mount,
      percent: disk.percent,
      freeBytes: disk.total - disk.used,
      totalBytes: disk.total,
    }))
    .sort((a, b) => b.percent - a.percent);
  let unusedImages: DiskFacts['unusedImages'] = null;
  try {
    const docker = ctx.engine.require();
    const [images, containers] = await Promise.all([
      docker.listImages(),
      docker.listContainers({ all: true }),
    ]);
    const used = new Set(containers.map((c) => c.ImageID));
    const unused = images.filter((image) => !used.has(image.Id));
    unusedImages = {
      count: unused.length,
      bytes: unused.reduce((sum, image) => sum + (image.Size ?? 0), 0),
      largest: unused
        .sort((a, b) => (b.Size ?? 0) - (a.Size ?? 0))
        .slice(0, 3)
        .map((image) => ({ name: image.RepoTags?.[0] ?? image.Id.slice(0, 19), bytes: image.Size ?? 0 })),
    };
  } catch (error) {
    ctx.log.debug('images unreadable for a diagnosis', { err: error });
  }
  return { mounts, unusedImages };
}

async function proxyContainer(ctx: ToolContext): Promise<string | null> {
  try {
    const rows = await ctx.engine.require().listContainers({ all: false });
    const caddy = rows.find((row) => /caddy/i.test(row.Image) || row.Names.some((n) => /caddy/i.test(n)));
    return caddy ? (caddy.Names[0] ?? caddy.Id).replace(/^\//, '') : null;
  } catch {
    return null;
  }
}

async function dnsFacts(ctx: ToolContext, name: string): Promise<DnsCheckFacts> {
  const [facts, records] = await Promise.all([
    lookupName(ctx, name),
    ctx.sql<
      { n: number }[]
    >`select count(*)::int as n from ddns_records where hostname = ${name.toLowerCase()}`,
  ]);
  // The lookup already read the public IP; a second read here only fills it when it was missing.
  const publicIp = facts.publicIp ?? (await readPublicIp(ctx.sql))?.ip ?? null;
  return { ...facts, publicIp, hasDdnsRecord: (records[0]?.n ?? 0) > 0 };
}

type Subject =
  | { about: 'containers'; names: string[] }
  | { about: 'disk' }
  | { about: 'certificate'; host: string; port: number }
  | { about: 'dns'; name: string }
  | { about: 'other' };

/** What the incident is about, from its cause and message, or from the monitor's config. */
export function subjectOf(
  incident: Pick<IncidentInput, 'cause' | 'lastMessage'>,
  config: MonitorConfig | null,
): Subject {
  const message = incident.lastMessage ?? incident.cause;
  if (incident.cause.startsWith('alert:')) {
    const metric = incident.cause.slice('alert:'.length);
    if (metric === 'disk') return { about: 'disk' };
    if (metric === 'container_unhealthy' || metric === 'container_restarts')
      return { about: 'containers', names: containersNamedIn(message) };
    return { about: 'other' };
  }
  if (!config) return { about: 'other' };
  switch (config.type) {
    case 'container':
      return { about: 'containers', names: [config.container] };
    case 'tls':
      return { about: 'certificate', host: config.servername ?? config.host, port: config.port };
    case 'dns':
      return config.recordType === 'A' || config.recordType === 'AAAA'
        ? { about: 'dns', name: config.name }
        : { about: 'other' };
    case 'http': {
      if (!/certificate|CERT_|expired|self.signed/i.test(message)) return { about: 'other' };
      try {
        const url = new URL(config.url);
        return { about: 'certificate', host: url.hostname, port: Number(url.port || 443) };
      } catch {
        return { about: 'other' };
      }
    }
    default:
      return { about: 'other' };
  }
}

export async function gatherFacts(incident: IncidentInput, ctx: ToolContext): Promise<IncidentFacts> {
  const monitor = incident.monitorId ? await findMonitor(ctx.sql, incident.monitorId) : null;
  const subject = subjectOf(incident, monitor?.config ?? null);
  const facts: IncidentFacts = {
    incident: { id: incident.id, cause: incident.cause, message: incident.lastMessage ?? incident.cause },
    about: subject.about,
    monitor: monitor ? { name: monitor.name, type: monitor.type } : null,
    containers: [],
    disk: null,
    certificate: null,
    dns: null,
    proxyContainer: null,
    checked: [monitor ? `the ${monitor.type} monitor "${monitor.name}"` : `the incident (${incident.cause})`],
  };
  // One failed look (engine away, resolver down) leaves the others to speak.
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      facts.checked.push(what);
    } catch (error) {
      facts.checked.push(`${what} (failed: ${errorText(error)})`);
    }
  };
  switch (subject.about) {
    case 'containers':
      for (const name of subject.names)
        await attempt(`container ${name}: state, restarts and last logs`, async () => {
          facts.containers.push(await containerFacts(ctx, name));
        });
      break;
    case 'disk':
      await attempt('disk use and unused images', async () => {
        facts.disk = await diskFacts(ctx);
      });
      break;
    case 'certificate':
      await attempt(`the certificate ${subject.host}:${subject.port} serves`, async () => {
        facts.certificate = await checkCertificate(ctx, subject.host, subject.port);
      });
      facts.proxyContainer = await proxyContainer(ctx);
      break;
    case 'dns':
      await attempt(`DNS records of ${subject.name} against the public IP`, async () => {
        facts.dns = await dnsFacts(ctx, subject.name);
      });
      break;
    case 'other':
      break;
  }
  return facts;
}
