import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeRegistry, startFakeRegistry } from '../testing/fake-registry';
import {
  canonicalRepository,
  defaultResolveRegistry,
  fetchRemoteDigest,
  parseBearerChallenge,
  parseImageReference,
} from './image-registry';

const digest = (char: string) => `sha256:${char.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    [
      'docker.io/library/postgres:15-alpine',
      { registry: 'docker.io', repository: 'library/postgres', tag: '15-alpine' },
    ],
    [
      'index.docker.io/grafana/grafana:11',
      { registry: 'docker.io', repository: 'grafana/grafana', tag: '11' },
    ],
    ['louislam/dockge:1', { registry: 'docker.io', repository: 'louislam/dockge', tag: '1' }],
    ['ghcr.io/owner/app:v1.2', { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1.2' }],
    ['localhost:5000/team/app', { registry: 'localhost:5000', repository: 'team/app', tag: 'latest' }],
    [
      'localhost/homelab-test/busybox:latest',
      { registry: 'localhost', repository: 'homelab-test/busybox', tag: 'latest' },
    ],
  ])('%s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it('gives nothing for a reference pinned by digest, which cannot move', () => {
    expect(parseImageReference(`nginx@${digest('a')}`)).toBeNull();
  });

  it('makes short and qualified repository names compare equal', () => {
    expect(canonicalRepository('nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('docker.io/library/nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('ghcr.io/o/a')).toBe('ghcr.io/o/a');
  });

  it("sends Docker Hub's references to its registry host", () => {
    expect(defaultResolveRegistry('docker.io')).toBe('https://registry-1.docker.io');
    expect(defaultResolveRegistry('ghcr.io')).toBe('https://ghcr.io');
  });
});

describe('parseBearerChallenge', () => {
  it("reads Docker Hub's challenge", () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/nginx:pull',
    });
  });

  it('accepts any case, spaces and unquoted values, and leaves out what is not there', () => {
    expect(parseBearerChallenge('bearer Realm = "https://ghcr.io/token" , service=ghcr.io')).toEqual({
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: undefined,
    });
  });

  it('keeps commas inside quoted values (scopes can list several actions)', () => {
    expect(parseBearerChallenge('Bearer realm="https://r/t",scope="repository:a/b:pull,push"')?.scope).toBe(
      'repository:a/b:pull,push',
    );
  });

  it('is null for Basic auth, a missing header or a challenge without a realm', () => {
    expect(parseBearerChallenge('Basic realm="registry"')).toBeNull();
    expect(parseBearerChallenge(null)).toBeNull();
    expect(parseBearerChallenge('Bearer service="x"')).toBeNull();
  });
});

describe('fetchRemoteDigest against a registry on 127.0.0.1', () => {
  let registry: FakeRegistry;
  const image = { registry: 'fake.example', repository: 'team/app', tag: '1.0' };

  beforeAll(async () => {
    registry = await startFakeRegistry({ manifests: { 'team/app:1.0': digest('b') } });
  });
  afterAll(() => registry.close());

  it('follows the bearer challenge for an anonymous token and reads Docker-Content-Digest', async () => {
    const remote = await fetchRemoteDigest(image, { resolveRegistry: () => registry.url });
    expect(remote).toBe(digest('b'));
    expect(registry.requests.slice(-3)).toEqual([
      'HEAD /v2/team/app/manifests/1.0',
      'GET /token?service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull',
      'HEAD /v2/team/app/manifests/1.0',
    ]);
  });

  it('throws, naming the status, for a tag the registry does not know', async () => {
    await expect(
      fetchRemoteDigest({ ...image, tag: 'nope' }, { resolveRegistry: () => registry.url }),
    ).rejects.toThrow(/answered 404/);
  });

  it('refuses a token realm over http when the registry is served over https', async () => {
    const fakeFetch: typeof fetch = async () =>
      new Response(null, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="http://evil.example/token",service="x"' },
      });
    await expect(fetchRemoteDigest(image, { fetch: fakeFetch })).rejects.toThrow(/not https/);
  });
});
