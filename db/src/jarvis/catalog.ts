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
  targetKind?:
    | 'container'
    | 'volume'
    | 'monitor'
    | 'database'
    | 'domain'
    | 'project'
    | 'entity'
    | 'delivery'
    | 'gaming_pc';
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
  {
    name: 'list_home_entities',
    risk: 'read',
    description:
      "Home Assistant's rooms, devices and entities with their states; filter by area, domain (light, switch, climate, ...) or words.",
  },
  {
    name: 'home_entity_history',
    risk: 'read',
    targetKind: 'entity',
    description: "One Home Assistant entity's state changes over the last hours.",
  },
  {
    name: 'calendar_upcoming',
    risk: 'read',
    description: "The owner's upcoming Google Calendar events across their calendars.",
  },
  {
    name: 'gmail_recent',
    risk: 'read',
    description: "The owner's Gmail unread count and the senders and subjects of recent messages.",
  },
  {
    name: 'automation_deliveries',
    risk: 'read',
    description: 'Recent event deliveries to n8n webhooks, with failures and their errors.',
  },
  {
    name: 'game_streaming_status',
    risk: 'read',
    description: 'Sunshine on the gaming PC: reachable or not, the running application, paired clients.',
  },
  {
    name: 'list_uploads',
    risk: 'read',
    description: 'Uploaded files with their scan verdicts; infected ones are quarantined.',
  },
  {
    name: 'network_overview',
    risk: 'read',
    description:
      'Network interfaces and throughput, listening ports with the process or container behind each, connection counts, public IP and the names pointing at it, Twingate.',
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
  {
    name: 'call_home_service',
    risk: 'reversible',
    targetKind: 'entity',
    description:
      'Call a Home Assistant service on one entity: turn a light or switch on or off, set a temperature, open a cover, activate a scene.',
  },
  {
    name: 'replay_automation_delivery',
    risk: 'reversible',
    targetKind: 'delivery',
    description: 'Send a failed n8n event delivery again.',
  },
  {
    name: 'wake_gaming_pc',
    risk: 'reversible',
    targetKind: 'gaming_pc',
    description: 'Send the Wake-on-LAN packet that starts the gaming PC.',
  },
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
