/**
 * Every tool Jarvis has, by name, with its risk tier: what the runner implements (a test checks
 * both lists agree), what the policy check reads, and what the autonomy settings page lists.
 * Zod-free so the web app can import it.
 */
import type { jarvisRisks } from '../schema/jarvis';

export type JarvisRisk = (typeof jarvisRisks)[number];

export type JarvisToolInfo = {
  name: string;
  risk: JarvisRisk;
  /** What the model reads to choose the tool; the page shows it too. */
  description: string;
  /** What `target` names for this tool, when it acts on one thing. */
  targetKind?: 'container' | 'volume' | 'monitor' | 'database' | 'domain' | 'project';
};

export const jarvisTools = [
  // read: run freely
  {
    name: 'list_containers',
    risk: 'read',
    description: 'Every container with its state, health, image and restart count.',
  },
  {
    name: 'inspect_container',
    risk: 'read',
    targetKind: 'container',
    description:
      "A container's configuration and state: exit code, health log, restarts, image, mounts, ports.",
  },
  {
    name: 'container_logs',
    risk: 'read',
    targetKind: 'container',
    description: "The last lines of a container's logs, optionally since a time.",
  },
  {
    name: 'container_stats',
    risk: 'read',
    targetKind: 'container',
    description: "A container's CPU, memory and network use right now.",
  },
  {
    name: 'system_metrics',
    risk: 'read',
    description: 'The host: CPU, memory, load, disks (use and free space), temperatures.',
  },
  { name: 'list_monitors', risk: 'read', description: 'Every monitor with its state and last message.' },
  {
    name: 'monitor_history',
    risk: 'read',
    targetKind: 'monitor',
    description: "A monitor's recent results and incidents.",
  },
  { name: 'list_incidents', risk: 'read', description: 'Open incidents, and recent closed ones.' },
  {
    name: 'dns_lookup',
    risk: 'read',
    targetKind: 'domain',
    description: "A name's A/AAAA/CNAME records, and the public IP they should point at.",
  },
  {
    name: 'tls_check',
    risk: 'read',
    targetKind: 'domain',
    description: 'The certificate a host serves: issuer, names and days until it expires.',
  },
  {
    name: 'search_audit',
    risk: 'read',
    description: 'The audit log: who changed what, filtered by text and time.',
  },
  { name: 'search_incidents', risk: 'read', description: 'Past diagnoses and how they were fixed, by text.' },
  {
    name: 'read_runbook',
    risk: 'read',
    description: 'The runbooks that match some words, with their steps and allowed tools.',
  },
  // reversible: approval unless the owner allowed autonomy for the tool and target
  {
    name: 'restart_container',
    risk: 'reversible',
    targetKind: 'container',
    description: 'Restart a container.',
  },
  {
    name: 'start_container',
    risk: 'reversible',
    targetKind: 'container',
    description: 'Start a stopped container.',
  },
  {
    name: 'stop_container',
    risk: 'reversible',
    targetKind: 'container',
    description: 'Stop a running container.',
  },
  {
    name: 'pause_monitor',
    risk: 'reversible',
    targetKind: 'monitor',
    description: 'Pause or resume a monitor.',
  },
  { name: 'run_check', risk: 'reversible', targetKind: 'monitor', description: "Run a monitor's check now." },
  // destructive: always approval
  {
    name: 'remove_container',
    risk: 'destructive',
    targetKind: 'container',
    description: 'Remove a container (its volumes stay).',
  },
  {
    name: 'remove_volume',
    risk: 'destructive',
    targetKind: 'volume',
    description: 'Remove a volume and its data.',
  },
  { name: 'prune_images', risk: 'destructive', description: 'Remove images no container uses.' },
  {
    name: 'delete_database',
    risk: 'destructive',
    targetKind: 'database',
    description: 'Delete a one-click database and its container.',
  },
  {
    name: 'update_dns',
    risk: 'destructive',
    targetKind: 'domain',
    description: 'Point a dynamic DNS record at an address now.',
  },
  {
    name: 'deploy_project',
    risk: 'destructive',
    targetKind: 'project',
    description: 'Build and start a project the deployment analyzer proposed.',
  },
] as const satisfies readonly JarvisToolInfo[];

export type JarvisToolName = (typeof jarvisTools)[number]['name'];

const byName = new Map<string, JarvisToolInfo>(jarvisTools.map((t) => [t.name, t]));

export function jarvisTool(name: string): JarvisToolInfo | undefined {
  return byName.get(name);
}
