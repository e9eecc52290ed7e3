/**
 * A container registry on 127.0.0.1 for the image update check, written from the Distribution
 * spec and Docker's token auth spec: manifests answer 401 with a Bearer challenge until the client
 * brings a token from the realm, then HEAD/GET give Docker-Content-Digest; unknown tags are 404
 * MANIFEST_UNKNOWN. Plain http, because there is no certificate here to serve https with.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRegistryOptions = {
  /** `repository:tag` → the digest the tag points at now. */
  manifests: Record<string, string>;
  /** Answer manifest requests only after this long, to see the client give up. */
  delayMs?: number;
};

export type FakeRegistry = {
  url: string;
  /** Method and path of each request, in order. */
  requests: string[];
  /** Requests being answered right now, and the most at once. */
  inFlight: { now: number; max: number };
  close(): Promise<void>;
};

const indexType = 'application/vnd.oci.image.index.v1+json';

export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const tokens = new Map<string, string>();
  const requests: string[] = [];
  const inFlight = { now: 0, max: 0 };
  let url = '';

  function errors(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ errors: [{ code, message, detail: null }] }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const target = new URL(req.url ?? '/', url);
    requests.push(`${req.method} ${target.pathname}${target.search}`);
    if (target.pathname === '/token') {
      const scope = target.searchParams.get('scope') ?? '';
      const token = randomBytes(16).toString('hex');
      tokens.set(token, scope);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
      );
      return;
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(target.pathname);
    if (!match) return errors(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
    const [, repository, reference] = match as unknown as [string, string, string];
    const scope = `repository:${repository}:pull`;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || tokens.get(token) !== scope)
      return errors(res, 401, 'UNAUTHORIZED', 'authentication required', {
        'www-authenticate': `Bearer realm="${url}/token",service="fake-registry",scope="${scope}"`,
      });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const digest = options.manifests[`${repository}:${decodeURIComponent(reference)}`];
    if (!digest) return errors(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    const body = JSON.stringify({ schemaVersion: 2, mediaType: indexType, manifests: [] });
    res.writeHead(200, {
      'content-type': indexType,
      'content-length': Buffer.byteLength(body),
      'docker-content-digest': digest,
      'docker-distribution-api-version': 'registry/2.0',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    inFlight.now += 1;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    res.once('close', () => {
      inFlight.now -= 1;
    });
    void handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
