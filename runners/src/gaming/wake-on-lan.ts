/**
 * Wake-on-LAN: the magic packet (six 0xFF bytes, then the MAC address sixteen times) sent as one
 * UDP broadcast, which a sleeping network card recognises whatever the port.
 */
import { createSocket } from 'node:dgram';

const macPattern =
  /^([0-9A-Fa-f]{2})[:-]([0-9A-Fa-f]{2})[:-]([0-9A-Fa-f]{2})[:-]([0-9A-Fa-f]{2})[:-]([0-9A-Fa-f]{2})[:-]([0-9A-Fa-f]{2})$/;

/** The six bytes of a MAC address written as 00:11:22:33:44:55 or 00-11-22-33-44-55. */
export function macBytes(mac: string): Buffer {
  const match = macPattern.exec(mac.trim());
  if (!match) throw new Error(`"${mac}" is not a MAC address like 00:11:22:33:44:55.`);
  return Buffer.from(match.slice(1, 7).map((pair) => Number.parseInt(pair, 16)));
}

export function magicPacket(mac: string): Buffer {
  const address = macBytes(mac);
  const packet = Buffer.alloc(6 + 16 * 6, 0xff);
  for (let i = 0; i < 16; i++) address.copy(packet, 6 + i * 6);
  return packet;
}

/** Port 9 (discard) is the usual Wake-on-LAN port; some routers forward port 7 instead. */
export const defaultWolPort = 9;

/**
 * Where the packet goes, from GAMING_PC_BROADCAST: an address (`192.168.1.255`) or address and
 * port (`192.168.1.255:7`, `[ff02::1]:9`).
 */
export function parseWolTarget(value: string): { address: string; port: number } {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { address: bracketed[1] ?? '', port: toPort(bracketed[2]) };
  const parts = text.split(':');
  if (parts.length === 2) return { address: parts[0] ?? '', port: toPort(parts[1]) };
  return { address: text, port: defaultWolPort };
}

function toPort(text: string | undefined): number {
  if (text === undefined) return defaultWolPort;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`"${text}" is not a UDP port (1-65535).`);
  return port;
}

export async function sendMagicPacket(mac: string, target: { address: string; port: number }): Promise<void> {
  const packet = magicPacket(mac);
  const socket = createSocket(target.address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => {
        // Without SO_BROADCAST the kernel refuses a send to a broadcast address.
        socket.setBroadcast(true);
        socket.send(packet, target.port, target.address, (error) => (error ? reject(error) : resolve()));
      });
    });
  } finally {
    socket.close();
  }
}
