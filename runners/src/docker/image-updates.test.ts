import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { type FakeRegistry, startFakeRegistry } from '../testing/fake-registry';
import { waitFor } from '../testing/helpers';
import { createUpdateChecker, updateCandidates } from './image-updates';

const digest = (char: string) => `sha256:${char.repeat(64)}`;
const log = createLogger({ level: 'error' });

describe('updateCandidates', () => {
  it('pairs each tag with the digests of its own repository, short or qualified', () => {
    expect(
      updateCandidates({
        tags: ['nginx:1.27', 'docker.io/library/nginx:latest', 'myapp:dev'],
        digests: [`docker.io/library/nginx@${digest('a')}`, `nginx@${digest('b')}`],
      }),
    ).toEqual([
      {
        key: 'docker.io/library/nginx:1.27',
        image: { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' },
        localDigests: [digest('a'), digest('b')],
      },
      {
        key: 'docker.io/library/nginx:latest',
        image: { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
        localDigests: [digest('a'), digest('b')],
      },
    ]);
  });

  it('has none for images built or imported here', () => {
    expect(updateCandidates({ tags: ['myapp:dev'], digests: [] })).toEqual([]);
    // Podman names imported images localhost/… and gives them a digest of its own.
    expect(
      updateCandidates({
        tags: ['localhost/homelab-test/busybox:latest'],
        digests: [`localhost/homelab-test/busybox@${digest('c')}`],
      }),
    ).toEqual([]);
  });
});

describe('the update checker against a registry on 127.0.0.1', () => {
  let registry: FakeRegistry;
  let slow: FakeRegistry;

  beforeAll(async () => {
    registry = await startFakeRegistry({
      manifests: {
        'team/app:1': digest('1'),
        'team/app:2': digest('2'),
        ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`many/app:${i}`, digest('9')])),
      },
    });
    slow = await startFakeRegistry({ manifests: { 'team/app:1': digest('1') }, delayMs: 2_000 });
  });
  afterAll(async () => {
    await registry.close();
    await slow.close();
  });

  const checker = (url: string, timeoutMs?: number) =>
    createUpdateChecker({ log, resolveRegistry: () => url, timeoutMs });
  const named = (tag: string, local: string) => ({
    tags: [`fake.example/team/app:${tag}`],
    digests: [`fake.example/team/app@${local}`],
  });

  it('says current when the tag still points at the local digest, available when it moved', async () => {
    const updates = checker(registry.url);
    const current = named('1', digest('1'));
    const outdated = named('2', digest('1'));
    // The first look never waits for the registry.
    expect(updates.statusOf(current)).toEqual({ update: 'unknown', checkedAt: null });
    expect(updates.schedule([current, outdated])).toBe(2);
    await waitFor(() => updates.statusOf(outdated).checkedAt && updates.statusOf(current).checkedAt);
    expect(updates.statusOf(current).update).toBe('current');
    expect(updates.statusOf(outdated).update).toBe('available');
    expect(updates.statusOf(current).checkedAt).toMatch(/^\d{4}-/);
  });

  it('keeps answers: a second schedule asks nothing, a forced one asks again', async () => {
    const updates = checker(registry.url);
    const image = named('1', digest('1'));
    updates.schedule([image]);
    await waitFor(() => updates.statusOf(image).checkedAt);
    const before = registry.requests.length;
    expect(updates.schedule([image])).toBe(0);
    expect(registry.requests.length).toBe(before);
    expect(updates.schedule([image], true)).toBe(1);
    await waitFor(() => registry.requests.length > before);
  });

  it('says unknown for a tag the registry does not have, an unreachable registry and a slow one', async () => {
    const missing = named('nope', digest('1'));
    const updates = checker(registry.url);
    updates.schedule([missing]);
    await waitFor(() => updates.statusOf(missing).checkedAt);
    expect(updates.statusOf(missing).update).toBe('unknown');

    const closed = checker('http://127.0.0.1:9');
    closed.schedule([named('1', digest('1'))]);
    await waitFor(() => closed.statusOf(named('1', digest('1'))).checkedAt);
    expect(closed.statusOf(named('1', digest('1'))).update).toBe('unknown');

    const late = checker(slow.url, 300);
    late.schedule([named('1', digest('1'))]);
    await waitFor(() => late.statusOf(named('1', digest('1'))).checkedAt, 2_000);
    expect(late.statusOf(named('1', digest('1'))).update).toBe('unknown');
  });

  it('asks at most two at a time', async () => {
    const updates = checker(registry.url);
    const images = Array.from({ length: 6 }, (_, i) => ({
      tags: [`fake.example/many/app:${i}`],
      digests: [`fake.example/many/app@${digest('9')}`],
    }));
    registry.inFlight.max = 0;
    expect(updates.schedule(images)).toBe(6);
    await waitFor(() => images.every((image) => updates.statusOf(image).checkedAt));
    expect(images.every((image) => updates.statusOf(image).update === 'current')).toBe(true);
    expect(registry.inFlight.max).toBeLessThanOrEqual(2);
  });

  it('says local, without asking anyone, for an image with no registry digest', () => {
    const updates = checker('http://127.0.0.1:9');
    const local = { tags: ['localhost/homelab-test/busybox:latest'], digests: [] };
    expect(updates.schedule([local])).toBe(0);
    expect(updates.statusOf(local)).toEqual({ update: 'local', checkedAt: null });
  });
});
