import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container } from '../../test/docker-fixtures';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import ContainerPage from './ContainerPage';
import ContainersPage from './ContainersPage';
import { UpdateDialog } from './UpdateDialog';
import { UpdatesPanel } from './UpdatesPanel';
import type { ContainerUpdate } from './updates';

const web = container({
  name: 'web',
  mounts: [{ type: 'volume', name: 'web_data', source: '/var/lib/x', destination: '/data', readOnly: false }],
});

function update(overrides: Partial<ContainerUpdate> = {}): ContainerUpdate {
  return {
    id: '6f1c1a36-5a0e-4b57-9a55-2f7a1f0d2c11',
    container: 'web',
    image: 'nginx:1.27',
    fromImageId: 'sha256:0123456789abcdef',
    toImageId: null,
    snapshots: [],
    status: 'updating',
    error: null,
    startedBy: 'evin',
    startedAt: '2026-11-29T15:00:00.000Z',
    finishedAt: null,
    progress: [],
    ...overrides,
  };
}

const at = '2026-11-29T15:00:01.000Z';
const step = (
  name: ContainerUpdate['progress'][number]['step'],
  status: 'running' | 'done' | 'failed',
  detail: string | null = null,
) => ({
  step: name,
  status,
  detail,
  at,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('UpdateDialog', () => {
  it('explains the snapshot and rollback first, then follows the steps to a rollback', async () => {
    const rolledBack = update({
      status: 'rolled_back',
      toImageId: 'sha256:fedcba9876543210',
      error: 'The healthcheck failed: connection refused',
      snapshots: [{ volume: 'web_data', snapshot: 'web_data-snap-20261129T150000Z' }],
      progress: [
        step('pull', 'done'),
        step('stop', 'done'),
        step('snapshot', 'done', 'web_data-snap-20261129T150000Z'),
        step('recreate', 'done'),
        step('health', 'failed', 'The healthcheck failed: connection refused'),
        step('rollback', 'done'),
      ],
    });
    let reads = 0;
    const calls = stubFetch({
      [`POST /api/docker/containers/${web.id}/update`]: () =>
        json(202, { update: update({ progress: [step('pull', 'running', 'nginx:1.27')] }) }),
      [`GET /api/docker/updates/${rolledBack.id}`]: () => {
        reads += 1;
        return json(200, {
          update:
            reads === 1 ? update({ progress: [step('pull', 'done'), step('stop', 'running')] }) : rolledBack,
        });
      },
    });
    const settled = vi.fn();
    render(() => <UpdateDialog container={web} onClose={() => {}} onSettled={settled} pollMs={5} />);

    const dialog = screen.getByRole('dialog', { name: 'Update web' });
    expect(dialog.textContent).toContain('nginx:1.27');
    expect(within(dialog).getByText('web_data')).toBeTruthy();
    expect(dialog.textContent).toMatch(/restored from the snapshot/);
    const start = within(dialog).getByRole('button', { name: 'Update now' });
    expect(document.activeElement).toBe(start);
    expect(calls).toHaveLength(0);

    fireEvent.click(start);
    const steps = await screen.findByRole('list', { name: 'Update progress' });
    expect(within(steps).getByText('Pull the new image')).toBeTruthy();
    await waitFor(() => expect(settled).toHaveBeenCalledWith(rolledBack));

    expect(screen.getByRole('status').textContent).toContain('Rolled back');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The update was rolled back');
    expect(alert.textContent).toContain('connection refused');
    expect(alert.textContent).toContain('volumes as they were before');
    const items = within(screen.getByRole('list', { name: 'Update progress' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim().split(' :')[0])).toEqual([
      'Pull the new image',
      'Stop the container',
      'Snapshot its volumes',
      'Recreate it on the new image',
      'Wait until it is healthy',
      'Roll back to the old container',
    ]);
    expect(items[4]!.textContent).toContain('failed');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('says why an update could not start, and lets the owner try again', async () => {
    stubFetch({
      [`POST /api/docker/containers/${web.id}/update`]: () =>
        json(409, { error: { code: 'update_running', message: '"web" is being updated already.' } }),
    });
    render(() => <UpdateDialog container={web} onClose={() => {}} onSettled={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Update now' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not start the update');
    expect(alert.textContent).toContain('"web" is being updated already.');
    expect(screen.getByRole('button', { name: 'Update now' })).toBeTruthy();
  });

  it('closes with Escape before it starts', () => {
    stubFetch({});
    const close = vi.fn();
    render(() => <UpdateDialog container={web} onClose={close} onSettled={() => {}} />);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(close).toHaveBeenCalled();
  });
});

describe('UpdatesPanel', () => {
  it("lists a container's updates with outcome, images and snapshots", async () => {
    stubFetch({
      'GET /api/docker/updates': () =>
        json(200, {
          updates: [
            update({
              status: 'succeeded',
              toImageId: 'sha256:fedcba9876543210',
              snapshots: [{ volume: 'web_data', snapshot: 'web_data-snap-20261129T150000Z' }],
              progress: [step('pull', 'done'), step('done', 'done')],
            }),
          ],
        }),
    });
    render(() => <UpdatesPanel container="web" />);
    const list = await screen.findByRole('list', { name: 'Updates of web' });
    expect(list.textContent).toContain('Updated');
    expect(list.textContent).toContain('0123456789ab → fedcba987654');
    expect(list.textContent).toContain('web_data-snap-20261129T150000Z');
    expect(list.textContent).toContain('by evin');
    const toggle = within(list).getByRole('button', { name: 'Steps' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('follows a running update until it settles', async () => {
    let reads = 0;
    stubFetch({
      'GET /api/docker/updates': () => {
        reads += 1;
        return json(200, {
          updates: [
            reads < 2
              ? update({ progress: [step('pull', 'running')] })
              : update({ status: 'failed', error: 'Pulling nginx:1.27 failed: unauthorized' }),
          ],
        });
      },
    });
    const settled = vi.fn();
    render(() => <UpdatesPanel container="web" onSettled={settled} pollMs={5} />);
    await waitFor(() => expect(settled).toHaveBeenCalledWith(expect.objectContaining({ status: 'failed' })));
    expect(screen.getByText('Pulling nginx:1.27 failed: unauthorized')).toBeTruthy();
  });

  it('shows an empty state, and an error with a retry', async () => {
    let fail = true;
    stubFetch({
      'GET /api/docker/updates': () =>
        fail
          ? json(500, { error: { code: 'internal', message: 'Database down.' } })
          : json(200, { updates: [] }),
    });
    render(() => <UpdatesPanel container="web" />);
    expect(await screen.findByText('Could not load the update history')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No updates yet')).toBeTruthy();
  });
});

describe('the containers list', () => {
  beforeEach(() => FakeEventSource.install());

  it('marks a container whose image has a newer build with "Update available"', async () => {
    const db = container({ name: 'db', image: 'postgres:17', imageId: 'sha256:def' });
    stubFetch({
      'GET /api/docker/containers': () =>
        json(200, {
          engine: { status: 'connected', since: '', version: '27', engine: 'docker' },
          containers: [web, db],
        }),
      'GET /api/docker/images': () =>
        json(200, [
          {
            id: 'sha256:abc',
            tags: ['nginx:1.27'],
            digests: [],
            sizeBytes: 1,
            createdAt: null,
            containers: [],
            update: 'available',
            checkedAt: at,
          },
          {
            id: 'sha256:def',
            tags: ['postgres:17'],
            digests: [],
            sizeBytes: 1,
            createdAt: null,
            containers: [],
            update: 'current',
            checkedAt: at,
          },
        ]),
    });
    render(() => <Route path="/docker" component={ContainersPage} />, { location: '/docker' });
    const webRow = (await screen.findByRole('rowheader', { name: 'web' })).closest('tr')!;
    const badge = await within(webRow).findByRole('link', { name: 'Update available' });
    expect(badge.getAttribute('href')).toBe(`/docker/containers/${web.id}?tab=updates`);
    const dbRow = screen.getByRole('rowheader', { name: 'db' }).closest('tr')!;
    expect(within(dbRow).queryByText('Update available')).toBeNull();
  });
});

describe('the container page', () => {
  beforeEach(() => FakeEventSource.install());

  it('opens the update dialog from its Update button and keeps the history in an Updates tab', async () => {
    stubFetch({
      'GET /api/docker/containers/web': () => json(200, { container: web, inspect: {} }),
      'GET /api/docker/updates': () => json(200, { updates: [] }),
    });
    render(() => <Route path="/docker/containers/:id" component={ContainerPage} />, {
      location: '/docker/containers/web?tab=updates',
    });
    expect(await screen.findByText('No updates yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Update…' }));
    expect(screen.getByRole('dialog', { name: 'Update web' })).toBeTruthy();
  });
});
