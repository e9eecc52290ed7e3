/**
 * Asks an image registry which manifest digest a tag points at now, the way `docker pull` would
 * find out, without downloading anything: a HEAD of the manifest, with an anonymous bearer token
 * when the registry's challenge asks for one (Docker Hub's comes from auth.docker.io).
 */

export type ImageReference = { registry: string; repository: string; tag: string };

/** Docker Hub's name in references, and the host its registry API actually answers on. */
const dockerHub = 'docker.io';

/**
 * `nginx`, `nginx:1.27`, `ghcr.io/o/app:v1`, `localhost:5000/x` → registry, repository and tag, with
 * Docker's defaults (docker.io, library/, latest). Null for a reference pinned by digest: it cannot
 * move, so there is nothing to check.
 */
export function parseImageReference(reference: string): ImageReference | null {
  if (reference.includes('@')) return null;
  let rest = reference;
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  let registry = dockerHub;
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first === 'index.docker.io' ? dockerHub : first;
    rest = rest.slice(slash + 1);
  }
  if (registry === dockerHub && !rest.includes('/')) rest = `library/${rest}`;
  if (!rest || !tag) return null;
  return { registry, repository: rest, tag };
}

/** The fully qualified repository (`docker.io/library/nginx`), so Docker's short names and Podman's long ones compare equal. */
export function canonicalRepository(repository: string): string {
  const parsed = parseImageReference(`${repository}:x`);
  return parsed ? `${parsed.registry}/${parsed.repository}` : repository;
}

/** Where a registry's API answers; tests point this at a registry of their own. */
export function defaultResolveRegistry(registry: string): string {
  return registry === dockerHub ? 'https://registry-1.docker.io' : `https://${registry}`;
}

export type BearerChallenge = { realm: string; service?: string; scope?: string };

/** `Bearer realm="…",service="…",scope="…"` from a WWW-Authenticate header; null when it is not a bearer challenge. */
export function parseBearerChallenge(header: string | null): BearerChallenge | null {
  if (!header) return null;
  const match = /^\s*bearer\s+(.*)$/is.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const param of match[1]!.matchAll(/([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[param[1]!.toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3]!;
  }
  if (!params.realm) return null;
  return { realm: params.realm, service: params.service, scope: params.scope };
}

export const manifestAccept = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

export type RegistryOptions = {
  fetch?: typeof fetch;
  resolveRegistry?: (registry: string) => string;
  signal?: AbortSignal;
};

/** The digest the registry gives for the tag now; throws, saying why, when it cannot tell. */
export async function fetchRemoteDigest(
  image: ImageReference,
  options: RegistryOptions = {},
): Promise<string> {
  const fetchFn = options.fetch ?? fetch;
  const base = (options.resolveRegistry ?? defaultResolveRegistry)(image.registry).replace(/\/+$/, '');
  const url = `${base}/v2/${image.repository}/manifests/${encodeURIComponent(image.tag)}`;
  const head = (authorization?: string) =>
    fetchFn(url, {
      method: 'HEAD',
      headers: { accept: manifestAccept, ...(authorization ? { authorization } : {}) },
      signal: options.signal,
      redirect: 'follow',
    });

  let response = await head();
  if (response.status === 401) {
    const challenge = parseBearerChallenge(response.headers.get('www-authenticate'));
    if (!challenge) throw new Error(`${image.registry} wants credentials this check does not have`);
    const token = await anonymousToken(challenge, image, base, fetchFn, options.signal);
    response = await head(`Bearer ${token}`);
  }
  if (!response.ok) throw new Error(`${image.registry} answered ${response.status}`);
  const digest = response.headers.get('docker-content-digest');
  if (!digest || !/^sha256:[a-f0-9]{64}$/.test(digest))
    throw new Error(`${image.registry} gave no Docker-Content-Digest`);
  return digest;
}

async function anonymousToken(
  challenge: BearerChallenge,
  image: ImageReference,
  base: string,
  fetchFn: typeof fetch,
  signal: AbortSignal | undefined,
): Promise<string> {
  const realm = new URL(challenge.realm);
  // A registry served over https must not send its token request anywhere over plain http.
  const allowed = realm.protocol === 'https:' || (realm.protocol === 'http:' && base.startsWith('http:'));
  if (!allowed) throw new Error(`${image.registry} gave a token realm that is not https`);
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  realm.searchParams.set('scope', challenge.scope ?? `repository:${image.repository}:pull`);
  const response = await fetchFn(realm, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the token service of ${image.registry} answered ${response.status}`);
  const body = (await response.json()) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === 'string' ? body.token : body.access_token;
  if (typeof token !== 'string' || !token)
    throw new Error(`the token service of ${image.registry} gave no token`);
  return token;
}
