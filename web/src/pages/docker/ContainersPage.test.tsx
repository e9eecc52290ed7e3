import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container, containerEvent } from '../../test/docker-fixtures';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import ContainersPage from './ContainersPage';
import type { ContainerSummary } from './types';

const engine = { status: 'connected', since: '2025-01-01T00:00:00Z', version: '27.0', engine: 'docker' };
const web = container({ name: 'web', project: 'blog' });
const db = container({ name: 'db', project: 'blog', image: 'postgres:17' });
const cron = container({ name: 'cron', image: 'busybox', state: 'exited', exitCode: 0 });

beforeEach(() => {
  FakeEventSource.install();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(list: ContainerSummary[], extra: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({
    'GET /api/docker/containers': () => json(200, { engine, containers: list }),
    ...extra,
  });
  // With `location`, the ui is a route definition; the toasts live outside the router, as in the app.
  render(() => <Route path="/docker" component={ContainersPage} />, { location: '/docker' });
  render(() => <ToastRegion />);
  return calls;
}

const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr')!;

describe('ContainersPage', () => {
  it('lists containers and patches a row in place from an engine event, announcing it politely', async () => {
    show([web, db, cron]);
    await screen.findByRole('link', { name: 'web' });
    expect(within(row('web')).getByText('Running')).toBeTruthy();
    expect(within(row('cron')).getByText('Exited')).toBeTruthy();

    const events = FakeEventSource.find('/api/docker/events');
    events.open();
    events.emit('event', containerEvent({ ...web, state: 'exited', exitCode: 137 }));
    expect(within(row('web')).getByText('Exited (137)')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('web is now exited (137)')).toBeTruthy());
    expect(
      screen.getByText('web is now exited (137)').closest('[aria-live]')?.getAttribute('aria-live'),
    ).toBe('polite');

    events.emit('event', containerEvent(null, db.id));
    expect(screen.queryByRole('rowheader', { name: 'db' })).toBeNull();
  });

  it('fills the CPU and memory bars from the stats stream', async () => {
    show([web]);
    await screen.findByRole('link', { name: 'web' });
    FakeEventSource.find('/api/docker/stats').emit('stats', {
      at: '2025-01-01T00:00:00Z',
      containers: [
        {
          id: web.id,
          name: 'web',
          at: '2025-01-01T00:00:00Z',
          cpuPercent: 150,
          memoryBytes: 256 * 1024 * 1024,
          memoryLimitBytes: 1024 ** 3,
          memoryPercent: 25,
          netRxBytes: 0,
          netTxBytes: 0,
          blockReadBytes: 0,
          blockWriteBytes: 0,
          pids: 3,
        },
      ],
    });
    const cpu = await screen.findByRole('meter', { name: 'web CPU' });
    expect(cpu.getAttribute('aria-valuetext')).toBe('150%');
    expect(cpu.getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByRole('meter', { name: 'web memory' }).getAttribute('aria-valuetext')).toBe(
      '256 MB of 1 GB',
    );
  });

  it('says clearly when the engine is unreachable, and fills in once it is back', async () => {
    let up = false;
    show([], {
      'GET /api/docker/containers': () =>
        up
          ? json(200, { engine, containers: [web] })
          : json(503, {
              error: {
                code: 'engine_unreachable',
                message: 'The container engine is not reachable (ENOENT).',
              },
            }),
    });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Docker engine unreachable');
    expect(banner.textContent).toContain('The container engine is not reachable (ENOENT).');
    expect(banner.textContent).toContain('Retrying');

    up = true;
    const events = FakeEventSource.find('/api/docker/events');
    events.open();
    events.emit('event', { type: 'engine', action: 'connect', id: 'engine', name: null, at: '', engine });
    await screen.findByRole('link', { name: 'web' });
    expect(screen.queryByText('Docker engine unreachable')).toBeNull();
  });

  it('runs a bulk action only on the selected containers it changes', async () => {
    const calls = show([web, db, cron], {
      [`POST /api/docker/containers/${web.id}/stop`]: () =>
        json(200, { container: { ...web, state: 'exited', exitCode: 0 } }),
    });
    await screen.findByRole('link', { name: 'web' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select web' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select cron' }));
    expect(screen.getByRole('group', { name: 'Bulk actions' }).textContent).toContain('2 selected');
    expect((screen.getByRole('button', { name: 'Start (1)' }) as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Stop (1)' }));
    await waitFor(() => expect(within(row('web')).getByText('Exited')).toBeTruthy());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      `/api/docker/containers/${web.id}/stop`,
    ]);
    expect(await screen.findByText('web stopped')).toBeTruthy();
  });

  it('removes the selection only after confirming, asking for force when some still run', async () => {
    const calls = show([web, cron], {
      [`DELETE /api/docker/containers/${web.id}`]: () => json(204, null),
      [`DELETE /api/docker/containers/${cron.id}`]: () => json(204, null),
    });
    await screen.findByRole('link', { name: 'web' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all shown containers' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove (2)…' }));

    const dialog = screen.getByRole('dialog', { name: 'Remove 2 containers?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 2 containers' }));
    expect(within(dialog).getByRole('alert').textContent).toContain('Some of these are running');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    fireEvent.click(within(dialog).getByLabelText('Force: kill running containers first'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 2 containers' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const deletes = calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => c.body)).toEqual([
      { confirm: true, volumes: false, force: true },
      { confirm: true, volumes: false, force: true },
    ]);
    expect(screen.queryByRole('rowheader', { name: 'web' })).toBeNull();
    expect(screen.getByText('No containers yet')).toBeTruthy();
  });

  it('filters by text and groups by stack', async () => {
    show([web, db, cron]);
    await screen.findByRole('link', { name: 'web' });
    fireEvent.input(screen.getByLabelText('Filter'), { target: { value: 'postgres' } });
    expect(screen.queryByRole('rowheader', { name: 'web' })).toBeNull();
    expect(screen.getByRole('rowheader', { name: 'db' })).toBeTruthy();
    expect(screen.getByText('1 of 3 containers shown')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Filter'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Group by stack'));
    const groups = screen.getAllByRole('rowheader').filter((h) => h.getAttribute('scope') === 'rowgroup');
    expect(groups.map((g) => g.textContent)).toEqual([
      expect.stringContaining('blog'),
      expect.stringContaining('Not in a stack'),
    ]);
    expect(localStorage.getItem('homelab.docker.groupByStack')).toBe('true');
  });
});
