import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import BackupsPage from './BackupsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const done: Record<string, unknown> = {
  id: '11111111-1111-4111-8111-111111111111',
  status: 'done',
  tier: 'weekly',
  target: 'local',
  location: 'system-2026-11-29T03-30-00.000Z.tar.enc',
  encrypted: true,
  sizeBytes: 5 * 1024 * 1024,
  sha256: 'ab'.repeat(32),
  contents: { database: 'homelab', tables: 40, rows: 1200, volumes: [] },
  error: null,
  startedAt: ago(120),
  finishedAt: ago(119),
};
const failedS3 = {
  ...done,
  id: '22222222-2222-4222-8222-222222222222',
  status: 'failed',
  tier: 'daily',
  target: 's3',
  location: null,
  sizeBytes: null,
  error: 'S3 upload answered 403: AccessDenied',
};
const passed = {
  id: '33333333-3333-4333-8333-333333333333',
  backupId: done.id,
  status: 'passed',
  tablesChecked: 40,
  rowsChecked: 1200,
  detail: { tablesHashed: 40, mismatches: [] },
  error: null,
  startedAt: ago(118),
  finishedAt: ago(117),
};
const settings = {
  schedule: '30 3 * * *',
  nextRunAt: new Date(Date.now() + 3_600_000).toISOString(),
  retention: { daily: 7, weekly: 4, monthly: 6 },
  targets: [
    { kind: 'local', configured: true, detail: '/backups/system' },
    { kind: 's3', configured: false, detail: 'not configured: set S3_ENDPOINT and S3_BUCKET' },
  ],
  volumes: ['homelab_uploads'],
  encrypted: true,
  drill: { possible: true, reason: null },
  running: { backup: false, drill: false },
};

function show(routes: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({
    'GET /api/sysbackup/backups': () => json(200, { backups: [done] }),
    'GET /api/sysbackup/drills': () => json(200, { drills: [passed] }),
    'GET /api/sysbackup/settings': () => json(200, settings),
    ...routes,
  });
  render(() => <Route path="/backups" component={BackupsPage} />, { location: '/backups' });
  render(() => <ToastRegion />);
  return calls;
}

describe('BackupsPage', () => {
  it('shows the last backup and drill, the settings, and the backups and drills tables', async () => {
    show();
    const status = (await screen.findByText('Last backup')).closest('div') as HTMLElement;
    expect(within(status).getByText('Done')).toBeTruthy();
    expect(within(status).getByText('2 hours ago')).toBeTruthy();
    const drill = screen.getByText('Last restore drill').closest('div') as HTMLElement;
    expect(within(drill).getByText('Passed')).toBeTruthy();
    expect(await screen.findByText('7 daily, 4 weekly, 6 monthly')).toBeTruthy();
    expect(screen.getByText('AES-256-GCM')).toBeTruthy();
    expect(screen.getByText('not configured: set S3_ENDPOINT and S3_BUCKET')).toBeTruthy();
    expect(screen.getByText('homelab_uploads')).toBeTruthy();

    const [backupsTable, drillsTable] = screen.getAllByRole('table');
    const row = within(backupsTable as HTMLElement).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('Weekly')).toBeTruthy();
    expect(within(row).getByText('Local folder')).toBeTruthy();
    expect(within(row).getByText('5 MB')).toBeTruthy();
    expect(within(row).getByText('Yes')).toBeTruthy();
    const drillRow = within(drillsTable as HTMLElement).getAllByRole('row')[1] as HTMLElement;
    expect(within(drillRow).getByText('Passed')).toBeTruthy();
    expect(within(drillRow).getByText('1,200')).toBeTruthy();
  });

  it('marks a failed last backup red with its error', async () => {
    show({
      'GET /api/sysbackup/backups': () =>
        json(200, { backups: [{ ...failedS3, startedAt: ago(5), finishedAt: ago(4) }, done] }),
    });
    const status = (await screen.findByText('Last backup')).closest('div') as HTMLElement;
    expect(within(status).getByText('Failed')).toBeTruthy();
    expect(within(status).getByText('S3 upload answered 403: AccessDenied')).toBeTruthy();
  });

  it('says so when there is no backup or drill yet', async () => {
    show({
      'GET /api/sysbackup/backups': () => json(200, { backups: [] }),
      'GET /api/sysbackup/drills': () => json(200, { drills: [] }),
    });
    expect(await screen.findByText('No backups yet')).toBeTruthy();
    expect(screen.getByText('No restore drills yet')).toBeTruthy();
    expect(screen.getByText('No backup yet')).toBeTruthy();
  });

  it('shows an error with a retry when the backups cannot load', async () => {
    show({
      'GET /api/sysbackup/backups': () =>
        json(500, { error: { code: 'internal', message: 'The server failed.' } }),
    });
    expect(await screen.findByText('Could not load the backups')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Try again' }).length).toBeGreaterThan(0);
  });

  it('backs up now and follows the running backup until it is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answer: { backups: Record<string, unknown>[] } = { backups: [done] };
    const calls = show({
      'GET /api/sysbackup/backups': () => json(200, answer),
      'POST /api/sysbackup/backups': () => {
        answer = {
          backups: [
            {
              ...done,
              id: '44444444-4444-4444-8444-444444444444',
              status: 'running',
              tier: 'manual',
              finishedAt: null,
              startedAt: ago(0),
            },
            done,
          ],
        };
        return json(202, { backups: answer.backups.slice(0, 1) });
      },
    });
    const button = await screen.findByRole('button', { name: 'Back up now' });
    fireEvent.click(button);
    expect(await screen.findByRole('button', { name: 'Backing up…' })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/sysbackup/backups')).toBe(true);
    expect(screen.getByText('Running')).toBeTruthy();
    const finished = { ...answer.backups[0], status: 'done', finishedAt: new Date().toISOString() };
    answer = { backups: [finished, done] };
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await screen.findByRole('button', { name: 'Back up now' })).toBeTruthy();
    expect(screen.queryByText('Running')).toBeNull();
  });

  it('says why a drill is not possible, and shows the refusal when pressed anyway', async () => {
    const reason = 'not possible: needs an owner URL (SYSTEM_BACKUP_ADMIN_URL)';
    show({
      'GET /api/sysbackup/settings': () => json(200, { ...settings, drill: { possible: false, reason } }),
      'POST /api/sysbackup/drills': () =>
        json(409, { error: { code: 'drill_not_possible', message: reason } }),
    });
    const button = await screen.findByRole('button', { name: 'Run restore drill' });
    await waitFor(() => expect(button.getAttribute('aria-describedby')).toBe('drill-reason'));
    expect(screen.getByText(`Restore drills are ${reason}`)).toBeTruthy();
    fireEvent.click(button);
    expect(await screen.findByText(reason)).toBeTruthy();
  });

  it('restores into a new database only after the backup id is typed', async () => {
    const calls = show({
      'POST /api/sysbackup/backups/11111111-1111-4111-8111-111111111111/restore': () =>
        json(201, { database: 'restored_copy', tables: 40, rows: 1200 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: /Restore the backup of/ }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText('New database name') as HTMLInputElement;
    fireEvent.input(name, { target: { value: 'restored_copy' } });
    const confirm = within(dialog).getByRole('button', { name: 'Restore' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.input(within(dialog).getByLabelText(/to confirm/), { target: { value: done.id } });
    expect(confirm.hasAttribute('disabled')).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/restore'))?.body).toEqual({
        confirm: done.id,
        database: 'restored_copy',
      }),
    );
  });
});
