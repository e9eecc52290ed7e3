import { Route } from '@solidjs/router';
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { BackupsCard } from './BackupsCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = new Date(Date.now() - 3 * 3_600_000).toISOString();

function show(backups: unknown[], drills: unknown[]) {
  stubFetch({
    'GET /api/sysbackup/backups': () => json(200, { backups }),
    'GET /api/sysbackup/drills': () => json(200, { drills }),
  });
  render(() => <Route path="/" component={BackupsCard} />, { location: '/' });
}

describe('BackupsCard', () => {
  it('shows the last backup and the last drill with when, and links to the page', async () => {
    show(
      [{ id: 'b', status: 'done', startedAt: at, finishedAt: at, error: null }],
      [{ id: 'd', status: 'failed', startedAt: at, finishedAt: at, error: 'The archive does not decrypt' }],
    );
    const backup = (await screen.findByText('Last backup')).closest('div') as HTMLElement;
    expect(within(backup).getByText('Done')).toBeTruthy();
    expect(within(backup).getByText('3 hours ago')).toBeTruthy();
    const drill = screen.getByText('Last restore drill').closest('div') as HTMLElement;
    expect(within(drill).getByText('Failed')).toBeTruthy();
    expect(within(drill).getByText('The archive does not decrypt')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open backups' }).getAttribute('href')).toBe('/backups');
  });

  it('says when there has been no backup yet', async () => {
    show([], []);
    expect((await screen.findAllByText('None yet')).length).toBe(2);
  });
});
