import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Handler, json, stubFetch } from '../../test/fakes';
import AnalyzerPage from './AnalyzerPage';
import type { Analysis } from './analyzer-api';
import { conversationId } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const analysis: Analysis = {
  name: 'shop-api',
  path: '/srv/projects/shop-api',
  stack: {
    kind: 'node',
    nodeVersion: '22',
    packageManager: 'npm',
    lockfile: null,
    hasBuild: false,
    command: ['node', 'server.js'],
    port: 4000,
  },
  existing: { dockerfile: null, compose: null },
  proposal: {
    dockerfile: 'FROM node:22-alpine AS build\nWORKDIR /app\n',
    composeService: '  shop-api:\n    build: ./shop-api\n',
    caddyRoute: 'shop.example.net {\n\timport common\n\treverse_proxy shop-api:4000\n}\n',
  },
  env: [
    { name: 'DATABASE_URL', readIn: ['server.js'], set: false },
    { name: 'PORT', readIn: ['server.js'], set: true },
  ],
  missingEnv: ['DATABASE_URL'],
  risks: [
    {
      code: 'no_lockfile',
      severity: 'medium',
      message: 'No lockfile: every build may install different versions.',
      file: 'package.json',
    },
    {
      code: 'secrets_committed',
      severity: 'high',
      message: '.env holds secrets and .gitignore does not exclude it.',
      file: '.env',
    },
  ],
};

const proposedCall = {
  id: 'a0000000-0000-4000-8000-000000000009',
  conversationId,
  tool: 'deploy_project',
  args: { path: '/srv/projects/shop-api' },
  target: 'shop-api',
  risk: 'destructive',
  state: 'proposed',
  decidedBy: null,
  decidedByLabel: null,
  result: null,
  error: null,
  verification: null,
  createdAt: '2026-01-30T10:00:05.000Z',
  finishedAt: null,
};

function show(routes: Record<string, Handler>) {
  const calls = stubFetch(routes);
  render(() => <Route path="/jarvis/analyzer" component={AnalyzerPage} />, { location: '/jarvis/analyzer' });
  return calls;
}

async function analyse(path: string, host?: string) {
  fireEvent.input(await screen.findByLabelText('Project folder'), { target: { value: path } });
  if (host) fireEvent.input(screen.getByLabelText('Host name (optional)'), { target: { value: host } });
  fireEvent.click(screen.getByRole('button', { name: 'Analyze' }));
}

describe('AnalyzerPage', () => {
  it('shows the stack, the proposals, the missing variables and the risks, worst first', async () => {
    const calls = show({ 'POST /api/jarvis/analyze': () => json(200, analysis) });
    await analyse('/srv/projects/shop-api', 'shop.example.net');

    expect(await screen.findByRole('heading', { name: 'Detected stack: Node.js' })).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/jarvis/analyze')?.body).toEqual({
      path: '/srv/projects/shop-api',
      host: 'shop.example.net',
    });
    expect(screen.getByText('node server.js')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Caddy route' }).textContent).toContain(
      'reverse_proxy shop-api:4000',
    );
    expect(screen.getByRole('button', { name: 'Copy Dockerfile' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy compose service' })).toBeTruthy();

    const missing = screen.getByRole('list', { name: 'Missing environment variables' });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['DATABASE_URLread in server.js']);

    const risks = within(screen.getByRole('list', { name: 'Risks' })).getAllByRole('listitem');
    expect(risks.map((li) => li.textContent)).toEqual([
      'High risk.env holds secrets and .gitignore does not exclude it..env',
      'Medium riskNo lockfile: every build may install different versions.package.json',
    ]);
  });

  it('says to set JARVIS_PROJECTS_DIR when no projects folder is configured', async () => {
    show({
      'POST /api/jarvis/analyze': () =>
        json(503, {
          error: {
            code: 'not_configured',
            message: 'No projects folder is configured (JARVIS_PROJECTS_DIR).',
          },
        }),
    });
    await analyse('/srv/projects/shop-api');
    expect(await screen.findByText('Set JARVIS_PROJECTS_DIR to use the analyzer')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Detected stack/ })).toBeNull();
  });

  it('shows a refused folder under the field, and checks the path before sending', async () => {
    const calls = show({
      'POST /api/jarvis/analyze': () =>
        json(400, {
          error: {
            code: 'outside_projects',
            message: '/etc is outside the projects folder /srv/projects.',
          },
        }),
    });
    await analyse('shop-api');
    expect(await screen.findByText('Give the absolute path, starting with /.')).toBeTruthy();
    expect(calls).toHaveLength(0);

    await analyse('/etc');
    expect(await screen.findByText('/etc is outside the projects folder /srv/projects.')).toBeTruthy();
    expect(screen.getByLabelText('Project folder').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Could not analyse the project')).toBeNull();
  });

  it('proposes the deployment and links to the conversation where it is approved', async () => {
    const calls = show({
      'POST /api/jarvis/analyze': () => json(200, analysis),
      'POST /api/jarvis/analyze/deploy': () => json(201, { conversationId, call: proposedCall }),
    });
    await analyse('/srv/projects/shop-api');
    fireEvent.click(await screen.findByRole('button', { name: 'Propose deployment' }));

    const link = await screen.findByRole('link', { name: 'Open the conversation' });
    expect(link.getAttribute('href')).toBe(`/jarvis/${conversationId}`);
    expect(screen.getByText('Deployment proposed')).toBeTruthy();
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/jarvis/analyze/deploy')?.body).toEqual({
        path: '/srv/projects/shop-api',
      }),
    );
  });
});
