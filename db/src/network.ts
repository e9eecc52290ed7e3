/**
 * The shapes of the network view, shared by the runner that reads the host, the API that serves it
 * and the web page that draws it.
 */
import { z } from 'zod';

export const networkInterfaceSchema = z.object({
  name: z.string(),
  state: z.enum(['up', 'down', 'unknown']),
  mac: z.string().nullable(),
  addresses: z.array(z.string()).describe('CIDR notation, e.g. 192.168.1.10/24'),
  mtu: z.number().nullable(),
  speedMbps: z.number().nullable().describe('Link speed; null when the driver does not say (virtual links)'),
  rxBytesPerSec: z.number(),
  txBytesPerSec: z.number(),
  rxTotal: z.number().describe('Bytes received since the interface came up'),
  txTotal: z.number(),
  errors: z.object({ rx: z.number(), tx: z.number() }),
});
export type NetworkInterface = z.infer<typeof networkInterfaceSchema>;

export const listeningPortSchema = z.object({
  protocol: z.enum(['tcp', 'udp']),
  address: z.string().describe('Bound address; 0.0.0.0 or :: for every address'),
  port: z.number(),
  process: z.object({ pid: z.number(), name: z.string(), command: z.string() }).nullable(),
  container: z.object({ id: z.string(), name: z.string(), image: z.string() }).nullable(),
});
export type ListeningPort = z.infer<typeof listeningPortSchema>;

export const connectionsSummarySchema = z.object({
  total: z.number(),
  byState: z.record(z.string(), z.number()),
  byRemote: z.array(z.object({ address: z.string(), count: z.number() })).describe('Top 10 remote addresses'),
});
export type ConnectionsSummary = z.infer<typeof connectionsSummarySchema>;

export const dnsNameSchema = z.object({
  name: z.string(),
  records: z.array(z.object({ type: z.enum(['A', 'AAAA', 'CNAME']), value: z.string() })),
  pointsHere: z.boolean(),
  error: z.string().nullable().describe('Why the name could not be resolved'),
});
export type DnsName = z.infer<typeof dnsNameSchema>;

export const twingateStatusSchema = z.object({
  present: z.boolean(),
  state: z.string().nullable().describe('Container state and health, or the systemd unit state'),
  container: z.object({ id: z.string(), name: z.string(), image: z.string() }).optional(),
  service: z.string().optional(),
  lastSeen: z.string().optional().describe('ISO time the connector was started'),
});
export type TwingateStatus = z.infer<typeof twingateStatusSchema>;

export const networkOverviewSchema = z.object({
  at: z.string(),
  interfaces: z.array(networkInterfaceSchema),
  listening: z.array(listeningPortSchema),
  /** False when some sockets' processes were hidden by permissions (shown as unknown). */
  processesComplete: z.boolean(),
  connections: connectionsSummarySchema,
  publicIp: z.object({ ip: z.string(), checkedAt: z.string() }).nullable(),
  dns: z.array(dnsNameSchema),
  twingate: twingateStatusSchema,
  engine: z.enum(['connected', 'unreachable']).describe('Whether containers could be matched to ports'),
});
export type NetworkOverview = z.infer<typeof networkOverviewSchema>;

export const networkRanges = ['1h', '24h', '7d'] as const;
export type NetworkRange = (typeof networkRanges)[number];

export const networkHistoryQuerySchema = z.object({
  iface: z
    .string()
    .regex(/^[A-Za-z0-9_.:@-]{1,32}$/, 'must be an interface name such as eth0')
    .describe('Interface name'),
  range: z.enum(networkRanges, { error: 'must be one of 1h, 24h, 7d' }).default('1h'),
});

export const networkHistorySchema = z.object({
  iface: z.string(),
  range: z.enum(networkRanges),
  bucketSeconds: z.number(),
  points: z.array(
    z.object({ at: z.string(), rx: z.number().describe('bytes/s'), tx: z.number().describe('bytes/s') }),
  ),
});
export type NetworkHistory = z.infer<typeof networkHistorySchema>;
