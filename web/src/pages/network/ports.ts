/** Filtering and ordering of the listening ports table, apart from the page so it is tested alone. */
import type { ListeningPort } from '@homelab/db/network';

export type PortOrder = 'port' | 'owner' | 'protocol';

export const ownerOf = (port: ListeningPort) => port.container?.name ?? port.process?.name ?? 'unknown';

/** Matches the text against port number, address, protocol, process name or command, and container. */
export function filterPorts(ports: readonly ListeningPort[], text: string): ListeningPort[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...ports];
  return ports.filter((p) =>
    [
      String(p.port),
      p.address,
      p.protocol,
      p.process?.name,
      p.process?.command,
      p.container?.name,
      p.container?.image,
    ].some((field) => field?.toLowerCase().includes(needle)),
  );
}

export function sortPorts(ports: readonly ListeningPort[], order: PortOrder): ListeningPort[] {
  const byPort = (a: ListeningPort, b: ListeningPort) =>
    a.port - b.port || a.protocol.localeCompare(b.protocol);
  return [...ports].sort((a, b) => {
    if (order === 'owner') return ownerOf(a).localeCompare(ownerOf(b)) || byPort(a, b);
    if (order === 'protocol') return a.protocol.localeCompare(b.protocol) || byPort(a, b);
    return byPort(a, b);
  });
}

/** 0.0.0.0:80, [::]:80 */
export const endpoint = (port: Pick<ListeningPort, 'address' | 'port'>) =>
  port.address.includes(':') ? `[${port.address}]:${port.port}` : `${port.address}:${port.port}`;
