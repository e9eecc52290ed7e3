import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import DeploysPage from './DeploysPage';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const webhook = {
  url: 'https://lab.example.com/webhooks/deploy',
  configured: true,
  branch: 'main',
  githubHeader: 'X-Hub-Signature-256',
  giteaHeader: 'X-Gitea-Signature',
};
const rolledBack = {
  id: '22222222-2222-4222-8222-222222222222',
  source: 'webhook',
  branch: 'main',
  fromCommit: 'aaaaaaa1111111111111111111111111111111111',
  toCommit: 'bbbbbbb2222222222222222222222222222222222',
  status: 'rolled_back',
  services: ['functions'],
  error: 'Health check failed: functions running (unhealthy)',
  triggeredBy: 'push by octocat (bbbbbbb)',
  startedAt: new Date(Date.now() - 120_000).toISOString(),
  finishedAt: new Date(Date.now() - 60_000).toISOString(),
};
const configured = {
  configured: true,
  repoDir: '/srv/homelab',
  branch: 'main',
  currentCommit: rolledBack.fromCommit,
  currentSubject: 'Add the deploys page',
  pollSeconds: 300,
  running: null,
  queued: false,
  lastDeployment: rolledBack,
  problem: null,
  webhook,
};

function show(routes: Parameters<typeof stubFetch>[0]) {
  const calls = stubFetch(routes);
  render(() => <Route path="/deploys" component={DeploysPage} />, { location: '/deploys' });
  return calls;
}

describe('DeploysPage', () => {
  it('says how to turn deploys on when no checkout is configured, and offers no deploy', async () => {
    show({
      'GET /api/deploy/status': () =>
        json(200, {
          ...configured,
          configured: false,
          repoDir: null,
          currentCommit: null,
          currentSubject: null,
          pollSeconds: 0,
          lastDeployment: null,
          webhook: { ...webhook, configured: false },
        }),
      'GET /api/deploy/deployments': () => json(200, { deployments: [] }),
    });
    expect(await screen.findByText(/deploys from git are off until/)).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Variables that turn on deploys' }).textContent).toContain(
      'DEPLOY_REPO_DIR=',
    );
    expect(screen.getByText('No secret set')).toBeTruthy();
    expect(screen.getByText('No deploys yet')).toBeTruthy();
    expect((screen.getByRole('button', { name: /Deploy now/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the running commit and the history, and opens a deploy with its log and error', async () => {
    show({
      'GET /api/deploy/status': () => json(200, configured),
      'GET /api/deploy/deployments': () => json(200, { deployments: [rolledBack] }),
      [`GET /api/deploy/deployments/${rolledBack.id}`]: () =>
        json(200, { ...rolledBack, log: '$ docker compose build functions\nRolled back to aaaaaaa.\n' }),
    });
    expect(await screen.findByText('Add the deploys page')).toBeTruthy();
    const history = screen.getByRole('table', { name: 'Deploy history, newest first' });
    const row = within(history).getByText('aaaaaaa → bbbbbbb').closest('tr')!;
    expect(within(row).getByText('Rolled back')).toBeTruthy();
    expect(within(row).getByText('functions')).toBeTruthy();
    expect(within(row).getByText('push by octocat (bbbbbbb)')).toBeTruthy();
    expect(within(row).getByText('1m 0s')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: /Log of the deploy to bbbbbbb/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Deploy log' });
    const log = await within(dialog).findByRole('region', { name: 'Log of the deploy to bbbbbbb' });
    expect(log.textContent).toContain('Rolled back to aaaaaaa.');
    expect(within(dialog).getByRole('alert').textContent).toContain('Health check failed');
  });

  it('deploys now and follows the new deploy live until it finishes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const running = {
      ...rolledBack,
      id: '33333333-3333-4333-8333-333333333333',
      source: 'manual',
      status: 'building',
      error: null,
      triggeredBy: 'evin',
      finishedAt: null,
    };
    let reads = 0;
    const calls = show({
      'GET /api/deploy/status': () => json(200, configured),
      'GET /api/deploy/deployments': () => json(200, { deployments: [rolledBack] }),
      'POST /api/deploy/deployments': () => json(202, { queued: false, deployment: running }),
      [`GET /api/deploy/deployments/${running.id}`]: () => {
        reads += 1;
        return reads === 1
          ? json(200, { ...running, log: '$ git fetch\n' })
          : json(200, {
              ...running,
              status: 'succeeded',
              finishedAt: new Date().toISOString(),
              log: '$ git fetch\nDeployed bbbbbbb.\n',
            });
      },
    });
    const button = await screen.findByRole('button', { name: /Deploy now/ });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Deploy log' });
    expect(await within(dialog).findByText('Updating live')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/deploy/deployments')).toBe(true);

    await vi.advanceTimersByTimeAsync(2_100);
    await waitFor(() => expect(within(dialog).getByText('Succeeded')).toBeTruthy());
    expect(within(dialog).getByRole('region', { name: /Log of the deploy/ }).textContent).toContain(
      'Deployed bbbbbbb.',
    );
    expect(within(dialog).queryByText('Updating live')).toBeNull();
  });

  it('shows why the status could not be read', async () => {
    show({
      'GET /api/deploy/status': () =>
        json(403, { error: { code: 'forbidden', message: 'You need the member role to see deploys.' } }),
      'GET /api/deploy/deployments': () => json(200, { deployments: [] }),
    });
    expect(await screen.findByText(/You need the member role to see deploys/)).toBeTruthy();
  });
});
