/**
 * Pure readers of Linux's network files: /proc/net/dev counters (and the rates between two
 * readings), /proc/net/{tcp,tcp6,udp,udp6} socket tables, and the small files of /sys/class/net.
 */

export type IfaceCounters = { rxBytes: number; txBytes: number; rxErrors: number; txErrors: number };

/** Per-interface byte and error counters of /proc/net/dev. */
export function parseNetDev(text: string): Map<string, IfaceCounters> {
  const out = new Map<string, IfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (!name || fields.length < 16 || fields.some((n) => !Number.isFinite(n))) continue;
    out.set(name, {
      rxBytes: fields[0] ?? 0,
      rxErrors: fields[2] ?? 0,
      txBytes: fields[8] ?? 0,
      txErrors: fields[10] ?? 0,
    });
  }
  return out;
}

const wrap32 = 2 ** 32;

/**
 * How much a counter grew. Some drivers (and 32-bit kernels) keep 32-bit counters that wrap; a
 * drop from a value under 2^32 is read as that wrap. A drop from anything larger means the
 * interface was recreated and counts from zero again.
 */
export function counterDelta(previous: number, current: number): number {
  if (current >= previous) return current - previous;
  if (previous < wrap32) return wrap32 - previous + current;
  return current;
}

export function ratePerSecond(previous: number | undefined, current: number, seconds: number): number {
  if (previous === undefined || seconds <= 0) return 0;
  return Math.round(counterDelta(previous, current) / seconds);
}

export type IfaceRates = { rxBytesPerSec: number; txBytesPerSec: number };

/** Rates of every interface present in both readings; new interfaces get 0 until the next one. */
export function interfaceRates(
  before: Map<string, IfaceCounters> | undefined,
  after: Map<string, IfaceCounters>,
  seconds: number,
): Map<string, IfaceRates> {
  const out = new Map<string, IfaceRates>();
  for (const [name, now] of after) {
    const then = before?.get(name);
    out.set(name, {
      rxBytesPerSec: ratePerSecond(then?.rxBytes, now.rxBytes, seconds),
      txBytesPerSec: ratePerSecond(then?.txBytes, now.txBytes, seconds),
    });
  }
  return out;
}

/** operstate says up, down, or (for loopback and some virtual links) unknown. */
export function parseOperState(text: string | null): 'up' | 'down' | 'unknown' {
  const value = text?.trim();
  if (value === 'up') return 'up';
  if (value === 'down' || value === 'lowerlayerdown' || value === 'notpresent') return 'down';
  return 'unknown';
}

/** /sys/class/net/<if>/speed: -1 or an unreadable file (virtual links, link down) means no speed. */
export function parseSpeed(text: string | null): number | null {
  const value = Number(text?.trim());
  return text !== null && text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : null;
}

export function parsePositiveInt(text: string | null): number | null {
  const value = Number(text?.trim());
  return text !== null && text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : null;
}

export function parseMac(text: string | null): string | null {
  const value = text?.trim().toLowerCase();
  return value && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(value) ? value : null;
}

export type SocketEntry = {
  protocol: 'tcp' | 'udp';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** The kernel's state number in hex, e.g. 0A for LISTEN. */
  state: string;
  inode: number;
};

/** The kernel writes each 32-bit word of an address in host byte order: little-endian on x86 and ARM. */
function wordBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function formatIpv6(bytes: number[]): string {
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** "0100007F" → 127.0.0.1; 32 hex digits → an IPv6 address in its short form. */
export function decodeHexAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  if (hex.length === 32) {
    const bytes: number[] = [];
    for (let w = 0; w < 32; w += 8) bytes.push(...wordBytes(hex.slice(w, w + 8)));
    return formatIpv6(bytes);
  }
  throw new Error(`not a kernel socket address: ${hex}`);
}

function decodeEndpoint(text: string | undefined): { address: string; port: number } | null {
  if (!text) return null;
  const [hex, port] = text.split(':');
  if (!hex || !port || !/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return null;
  return { address: decodeHexAddress(hex), port: Number.parseInt(port, 16) };
}

/** Rows of /proc/net/tcp, tcp6, udp or udp6. */
export function parseSocketTable(text: string, protocol: 'tcp' | 'udp'): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = decodeEndpoint(fields[1]);
    const remote = decodeEndpoint(fields[2]);
    const inode = Number(fields[9]);
    if (!local || !remote || !fields[3] || !Number.isInteger(inode)) continue;
    out.push({
      protocol,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: fields[3].toUpperCase(),
      inode,
    });
  }
  return out;
}

export const tcpStates: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

/** TCP sockets in LISTEN, and UDP sockets bound to a port but connected to no peer. */
export function listeningSockets(entries: SocketEntry[]): SocketEntry[] {
  const seen = new Set<string>();
  return entries
    .filter((e) =>
      e.protocol === 'tcp' ? e.state === '0A' : e.localPort > 0 && e.remotePort === 0 && e.state === '07',
    )
    .filter((e) => {
      // SO_REUSEPORT groups show one row per socket; one row per address and port is enough.
      const key = `${e.protocol}|${e.localAddress}|${e.localPort}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.localPort - b.localPort || a.protocol.localeCompare(b.protocol));
}

const loopback = /^(127\.|::1$|::ffff:127\.)/;
const unspecified = /^(0\.0\.0\.0|::)$/;

/** TCP connections (everything but listeners) by state, and the peers with the most connections. */
export function summarizeConnections(entries: SocketEntry[], top = 10) {
  const byState: Record<string, number> = {};
  const byRemote = new Map<string, number>();
  let total = 0;
  for (const e of entries) {
    if (e.protocol !== 'tcp' || e.state === '0A') continue;
    total += 1;
    const state = tcpStates[e.state] ?? e.state;
    byState[state] = (byState[state] ?? 0) + 1;
    // Loopback peers are the stack talking to itself (its database, its runners), not the network.
    if (loopback.test(e.remoteAddress) || unspecified.test(e.remoteAddress)) continue;
    const remote = e.remoteAddress.replace(/^::ffff:/, '');
    byRemote.set(remote, (byRemote.get(remote) ?? 0) + 1);
  }
  return {
    total,
    byState,
    byRemote: [...byRemote]
      .map(([address, count]) => ({ address, count }))
      .sort((a, b) => b.count - a.count || a.address.localeCompare(b.address))
      .slice(0, top),
  };
}

/** readlink of /proc/<pid>/fd/<n>: "socket:[12345]" → 12345. */
export function socketInode(link: string): number | null {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match ? Number(match[1]) : null;
}

/** /proc/<pid>/cmdline separates arguments with NULs; clipped, since arguments can be long (and secret). */
export function parseCmdline(text: string, max = 200): string {
  const command = text.replace(/\0+$/, '').split('\0').join(' ').trim();
  return command.length > max ? `${command.slice(0, max - 1)}…` : command;
}

/** The parent pid from /proc/<pid>/stat; the name field may itself hold spaces and parentheses. */
export function parseParentPid(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** An address and prefix length as CIDR ("fe80::1%eth0" keeps no zone). */
export function cidrOf(address: string, cidr: string | null, netmask: string): string {
  if (cidr) return cidr.replace(/%[^/]+/, '');
  const bits = netmask.includes(':')
    ? netmask.split(':').reduce(
        (sum, g) =>
          sum +
          (Number.parseInt(g || '0', 16)
            .toString(2)
            .match(/1/g)?.length ?? 0),
        0,
      )
    : netmask.split('.').reduce((sum, o) => sum + (Number(o).toString(2).match(/1/g)?.length ?? 0), 0);
  return `${address.replace(/%.+$/, '')}/${bits}`;
}
