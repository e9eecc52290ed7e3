/**
 * The deterministic diagnosis, for when no model is configured (and as a first answer when one
 * is): container crash-looping, down or unhealthy; disk almost full; certificate expiring; DNS
 * drift after an IP change; else "unknown" with what was checked. `judge` is pure, tested on
 * hand-made facts; `diagnoseIncident` gathers the facts and judges them.
 */
import type { JarvisEvidence, JarvisPlanStep } from '@homelab/db/schema';
import type { RulesDiagnosis } from '../contracts';
import type { ToolContext } from '../tools/types';
import { type ContainerFacts, gatherFacts, type IncidentFacts, type IncidentInput } from './facts';

/** Restarts at or above this count as a crash loop, whatever the incident says. */
const crashLoopRestarts = 3;
/** A disk at or above this use is "almost full". */
const diskFullPercent = 85;
/** A certificate with this many days or fewer left is "expiring" (the TLS monitor's default). */
const certificateDays = 14;

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

function quote(lines: string[]) {
  return lines.map((line) => `> ${line}`).join('\n');
}

function containerEvidence(c: Extract<ContainerFacts, { missing: false }>): JarvisEvidence[] {
  const parts = [
    `state ${c.state}`,
    c.health !== 'none' ? `health ${c.health}` : null,
    c.exitCode !== null && c.state !== 'running' ? `exit code ${c.exitCode}` : null,
    `restart count ${c.restartCount}`,
    `restart policy ${c.restartPolicy}`,
    c.oomKilled ? 'OOMKilled (the kernel killed it for memory)' : null,
    c.engineError ? `engine error: ${c.engineError}` : null,
  ].filter(Boolean);
  const evidence: JarvisEvidence[] = [
    { tool: 'inspect_container', summary: `${c.name}: ${parts.join(', ')}` },
  ];
  if (c.healthOutput)
    evidence.push({
      tool: 'inspect_container',
      summary: `${c.name}: last failing health check`,
      excerpt: c.healthOutput,
    });
  if (c.errorLines.length > 0)
    evidence.push({
      tool: 'container_logs',
      summary: `${c.name}: last error-looking log lines (of ${c.logsRead} read)`,
      excerpt: quote(c.errorLines),
    });
  return evidence;
}

function judgeContainer(c: ContainerFacts, cause: string): RulesDiagnosis | null {
  if (c.missing)
    return {
      problem: 'container_down',
      subject: c.name,
      summary: `The container ${c.name} no longer exists: it was removed, or renamed.`,
      evidence: [{ tool: 'inspect_container', summary: `${c.name}: no such container` }],
      plan: [
        {
          tool: 'list_containers',
          args: { name: c.name },
          why: 'Find whether it was renamed or recreated under another name.',
        },
      ],
    };
  const evidence = containerEvidence(c);
  const lastError = c.errorLines[c.errorLines.length - 1];
  const because = c.oomKilled
    ? 'it ran out of memory (OOMKilled)'
    : lastError
      ? `its last error reads "${lastError.slice(0, 160)}"`
      : c.exitCode !== null && c.exitCode !== 0
        ? `its process exits with code ${c.exitCode}`
        : 'its logs show no error';
  const looping =
    c.state === 'restarting' ||
    c.restartCount >= crashLoopRestarts ||
    (cause === 'alert:container_restarts' && c.restartCount > 0);
  if (looping) {
    const plan: JarvisPlanStep[] = c.oomKilled
      ? [
          {
            tool: 'container_stats',
            args: { container: c.name },
            why: 'See how close it runs to its memory limit before raising it.',
          },
        ]
      : [
          {
            tool: 'restart_container',
            args: { container: c.name },
            why: 'A clean restart clears a transient failure (a dependency that was down); if it loops again, the log lines are the cause to fix.',
          },
        ];
    return {
      problem: 'crash_loop',
      subject: c.name,
      summary: `${c.name} is crash-looping (${c.restartCount} restarts, now ${c.state}): ${because}.`,
      evidence,
      plan,
    };
  }
  if (c.state === 'exited' || c.state === 'dead' || c.state === 'created')
    return {
      problem: 'container_down',
      subject: c.name,
      summary: `${c.name} is not running (${c.state}${c.exitCode !== null ? `, exit code ${c.exitCode}` : ''}): ${because}.`,
      evidence,
      plan:
        c.state === 'dead'
          ? []
          : [
              {
                tool: 'start_container',
                args: { container: c.name },
                why: `Bring ${c.name} back; check it stays up.`,
              },
            ],
    };
  if (c.health === 'unhealthy')
    return {
      problem: 'container_down',
      subject: c.name,
      summary: `${c.name} runs but fails its health check${c.healthOutput ? `: "${c.healthOutput.slice(0, 160)}"` : ''}; ${because}.`,
      evidence,
      plan: [
        {
          tool: 'restart_container',
          args: { container: c.name },
          why: 'A restart often clears a stuck service; verified by its health check.',
        },
      ],
    };
  return null;
}

function judgeDisk(facts: IncidentFacts): RulesDiagnosis | null {
  const fullest = facts.disk?.mounts[0];
  if (!facts.disk || !fullest || fullest.percent < diskFullPercent) return null;
  const images = facts.disk.unusedImages;
  const evidence: JarvisEvidence[] = [
    {
      tool: 'system_metrics',
      summary: `${fullest.mount} is ${fullest.percent.toFixed(1)} % used, ${gb(fullest.freeBytes)} free of ${gb(fullest.totalBytes)}`,
    },
  ];
  const plan: JarvisPlanStep[] = [];
  if (images && images.count > 0) {
    evidence.push({
      tool: 'list_containers',
      summary: `${images.count} images no container uses hold ${gb(images.bytes)}`,
      excerpt: images.largest.map((image) => `${image.name}: ${gb(image.bytes)}`).join('\n'),
    });
    plan.push({
      tool: 'prune_images',
      args: { all: true },
      why: `Frees about ${gb(images.bytes)} of images no container uses.`,
    });
  }
  const reclaim =
    images && images.count > 0
      ? ` Unused images could free about ${gb(images.bytes)}.`
      : ' No unused images to reclaim; large volumes or logs are the next place to look.';
  return {
    problem: 'disk_full',
    subject: fullest.mount,
    summary: `The disk ${fullest.mount} is almost full (${fullest.percent.toFixed(1)} %, ${gb(fullest.freeBytes)} free).${reclaim}`,
    evidence,
    plan,
  };
}

function judgeCertificate(facts: IncidentFacts): RulesDiagnosis | null {
  const cert = facts.certificate;
  if (!cert || cert.daysLeft === null) return null;
  if (cert.ok && cert.daysLeft > certificateDays) return null;
  const left = cert.daysLeft < 0 ? `expired ${-cert.daysLeft} days ago` : `expires in ${cert.daysLeft} days`;
  const plan: JarvisPlanStep[] = [
    {
      tool: 'dns_lookup',
      args: { name: cert.host },
      why: 'ACME renewal needs the name to point at this server.',
    },
  ];
  if (facts.proxyContainer)
    plan.push({
      tool: 'container_logs',
      args: { container: facts.proxyContainer, search: cert.host, tail: 50 },
      why: 'The proxy logs say why its automatic renewal failed.',
    });
  return {
    problem: 'cert_expiring',
    subject: cert.host,
    summary: `The certificate of ${cert.host} ${left} (${cert.validTo?.slice(0, 10) ?? 'unknown date'}, issued by ${cert.issuer ?? 'unknown'}); automatic renewal has not replaced it.`,
    evidence: [
      {
        tool: 'tls_check',
        summary: `${cert.host}:${cert.port}: ${cert.message}`,
        excerpt: `issuer: ${cert.issuer ?? '?'}\nnames: ${cert.names.join(', ')}`,
      },
    ],
    plan,
  };
}

function judgeDns(facts: IncidentFacts): RulesDiagnosis | null {
  const dns = facts.dns;
  if (!dns?.publicIp || dns.pointsAtPublicIp !== false) return null;
  const records = dns.a.join(', ');
  return {
    problem: 'dns_drift',
    subject: dns.name,
    summary: `${dns.name} points at ${records}, but the public IP is now ${dns.publicIp}: the record was not updated after the IP changed.${dns.hasDdnsRecord ? '' : ' It is not a dynamic DNS record here, so it must be changed at the DNS provider.'}`,
    evidence: [{ tool: 'dns_lookup', summary: `${dns.name} → ${records}; public IP (ddns) ${dns.publicIp}` }],
    plan: dns.hasDdnsRecord
      ? [
          {
            tool: 'update_dns',
            args: { hostname: dns.name, ip: dns.publicIp },
            why: `Point ${dns.name} at the current public IP ${dns.publicIp}.`,
          },
        ]
      : [],
  };
}

/** The diagnosis the facts support; pure. */
export function judge(facts: IncidentFacts): RulesDiagnosis {
  for (const container of facts.containers) {
    const found = judgeContainer(container, facts.incident.cause);
    if (found) return found;
  }
  const found = judgeDisk(facts) ?? judgeCertificate(facts) ?? judgeDns(facts);
  if (found) return found;
  const evidence: JarvisEvidence[] = [];
  for (const c of facts.containers) if (!c.missing) evidence.push(...containerEvidence(c));
  if (facts.certificate)
    evidence.push({ tool: 'tls_check', summary: `${facts.certificate.host}: ${facts.certificate.message}` });
  if (facts.dns)
    evidence.push({
      tool: 'dns_lookup',
      summary: `${facts.dns.name} → ${[...facts.dns.a, ...facts.dns.aaaa].join(', ') || 'no records'}; public IP ${facts.dns.publicIp ?? 'unknown'}`,
    });
  if (facts.disk?.mounts[0])
    evidence.push({
      tool: 'system_metrics',
      summary: `fullest disk ${facts.disk.mounts[0].mount} at ${facts.disk.mounts[0].percent.toFixed(1)} %`,
    });
  return {
    problem: 'unknown',
    subject: facts.monitor?.name ?? facts.containers[0]?.name ?? null,
    summary: `No built-in rule explains "${facts.incident.message.slice(0, 200)}". Checked: ${facts.checked.join('; ')}.`,
    evidence,
    plan: [],
  };
}

export async function diagnoseIncident(incident: IncidentInput, ctx: ToolContext): Promise<RulesDiagnosis> {
  return judge(await gatherFacts(incident, ctx));
}
