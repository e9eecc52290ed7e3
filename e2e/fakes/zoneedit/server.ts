/**
 * A fake of ZoneEdit's dynamic DNS endpoint (and of the dyndns2 protocol other providers speak),
 * written from their documentation: Basic auth, `GET /auth/dynamic.html?host=&dnsto=` answered with
 * `<SUCCESS .../>` or `<ERROR .../>` tags, including 707 for the same host and address repeated
 * within the provider's window; and `GET /nic/update?hostname=&myip=` answered with good/nochg or
 * an error word. It keeps every call, so tests see what a client really sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeDnsAccount = {
  username: string;
  password: string;
  /** Host names the account may update, e.g. home.example.com; their zone is the last two labels. */
  hosts: string[];
};

export type FakeDnsOptions = {
  account: FakeDnsAccount;
  /** ZoneEdit refuses (707) the same host and address again within this window; 10 minutes by default. */
  duplicateWindowMs?: number;
};

export type FakeDnsCall = {
  protocol: 'zoneedit' | 'dyndns2';
  host: string;
  ip: string | null;
  username: string | null;
  answer: string;
  status: number;
};

export type FakeDnsServer = {
  url: string;
  /** ZoneEdit's update URL on this server. */
  zoneEditUrl: string;
  calls: FakeDnsCall[];
  /** What each host points at now. */
  addresses: Map<string, string>;
  /**
   * The provider's own trouble for the next `count` calls: ZoneEdit answers `<ERROR CODE="702"
   * TEXT="Update failed" ...>`, dyndns2 answers `911`.
   */
  simulateOutage(count: number): void;
  close(): Promise<void>;
};

const zoneOf = (host: string) => host.split('.').slice(-2).join('.');

function basicAuth(request: IncomingMessage): { username: string; password: string } | null {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export async function startFakeDnsProvider(options: FakeDnsOptions): Promise<FakeDnsServer> {
  const { account } = options;
  const windowMs = options.duplicateWindowMs ?? 10 * 60_000;
  const calls: FakeDnsCall[] = [];
  const addresses = new Map<string, string>();
  const lastUpdate = new Map<string, { ip: string; at: number }>();
  let outages = 0;

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    call: Omit<FakeDnsCall, 'answer' | 'status'>,
  ) {
    calls.push({ ...call, answer: body.trim(), status });
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  }

  function zoneEdit(request: IncomingMessage, res: ServerResponse, url: URL) {
    const auth = basicAuth(request);
    const hosts = (url.searchParams.get('host') ?? '').split(',').filter(Boolean);
    const ip = url.searchParams.get('dnsto') ?? request.socket.remoteAddress ?? null;
    const base = {
      protocol: 'zoneedit' as const,
      host: hosts.join(','),
      ip,
      username: auth?.username ?? null,
    };
    if (!auth || auth.username !== account.username || auth.password !== account.password) {
      calls.push({ ...base, answer: 'Authentication required', status: 401 });
      res.writeHead(401, { 'www-authenticate': 'Basic realm="DNS API Access"', 'content-type': 'text/html' });
      res.end('<html><body>Authentication required</body></html>');
      return;
    }
    if (hosts.length === 0) {
      send(
        res,
        200,
        '<ERROR CODE="703" TEXT="One of either parameters \'zones\' or \'host\' are required.">\n',
        base,
      );
      return;
    }
    const lines = hosts.map((host) => {
      const attrs = `ZONE="${zoneOf(host)}" HOST="${host}"`;
      if (!ip || !ipv4.test(ip)) return `<ERROR CODE="709" TEXT="Invalid IP address" ${attrs}>`;
      if (!account.hosts.includes(host))
        return `<ERROR CODE="701" TEXT="Zone is not set up in this account" ${attrs}>`;
      if (outages > 0) {
        outages -= 1;
        return `<ERROR CODE="702" TEXT="Update failed" ${attrs}>`;
      }
      const previous = lastUpdate.get(host);
      if (previous && previous.ip === ip && Date.now() - previous.at < windowMs)
        return `<ERROR CODE="707" TEXT="Duplicate updates for the same host/ip, adjust client settings" ${attrs}>`;
      lastUpdate.set(host, { ip, at: Date.now() });
      addresses.set(host, ip);
      return `<SUCCESS CODE="200" TEXT="Update succeeded." ${attrs} IP="${ip}">`;
    });
    send(res, 200, `${lines.join('\n')}\n`, base);
  }

  function dyndns2(request: IncomingMessage, res: ServerResponse, url: URL) {
    const auth = basicAuth(request);
    const hosts = (url.searchParams.get('hostname') ?? '').split(',').filter(Boolean);
    const ip = url.searchParams.get('myip') ?? request.socket.remoteAddress ?? null;
    const base = {
      protocol: 'dyndns2' as const,
      host: hosts.join(','),
      ip,
      username: auth?.username ?? null,
    };
    if (!request.headers['user-agent']) return send(res, 200, 'badagent\n', base);
    if (!auth || auth.username !== account.username || auth.password !== account.password)
      return send(res, 200, 'badauth\n', base);
    if (hosts.length > 20) return send(res, 200, 'numhost\n', base);
    const lines = hosts.map((host) => {
      if (!host.includes('.')) return 'notfqdn';
      if (!account.hosts.includes(host)) return 'nohost';
      if (outages > 0) {
        outages -= 1;
        return '911';
      }
      if (!ip || !ipv4.test(ip)) return 'dnserr';
      if (addresses.get(host) === ip) return `nochg ${ip}`;
      addresses.set(host, ip);
      return `good ${ip}`;
    });
    send(res, 200, `${(lines.length ? lines : ['notfqdn']).join('\n')}\n`, base);
  }

  const server = createServer((request, res) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/auth/dynamic.html') return zoneEdit(request, res, url);
    if (url.pathname === '/nic/update') return dyndns2(request, res, url);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    zoneEditUrl: `${url}/auth/dynamic.html`,
    calls,
    addresses,
    simulateOutage(count) {
      outages = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
