import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FetchCall, json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import StudioGate from '../stream/StudioGate';
import { me, twitchChannelId } from '../stream/studio-fixtures';
import type { Onboarding } from './api';
import OnboardingPage from './OnboardingPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const progress = (over: Partial<Onboarding> = {}): Onboarding => ({
  step: 'account',
  features: [],
  done: false,
  doneAt: null,
  testedAt: null,
  testChannelId: null,
  tested: false,
  displayName: 'Rig City',
  linked: [{ provider: 'twitch', username: 'rigcity', state: 'connected' }],
  channels: [{ id: twitchChannelId, platform: 'twitch', displayName: 'RigCity', enabled: true }],
  ...over,
});

/** The wizard under the studio gate, with the overview beside it to see "done" land there. */
function showWizard(start: Onboarding, routes: Parameters<typeof stubFetch>[0] = {}) {
  let state = start;
  const calls = stubFetch({
    'GET /api/stream/me': () => json(200, me()),
    'GET /api/stream/onboarding': () => json(200, state),
    'PUT /api/stream/onboarding': (call: FetchCall) => {
      state = { ...state, ...(call.body as Partial<Onboarding>) };
      return json(200, state);
    },
    'PATCH /api/stream/settings': () => json(200, { settings: {} }),
    ...routes,
  });
  render(
    () => (
      <Route path="/studio" component={StudioGate}>
        <Route path="/" component={() => <h1>Studio overview</h1>} />
        <Route path="/welcome" component={OnboardingPage} />
      </Route>
    ),
    { location: '/studio/welcome' },
  );
  render(() => <ToastRegion />);
  return calls;
}

describe('OnboardingPage', () => {
  it('resumes at the saved step and marks it current in the progress list', async () => {
    showWizard(progress({ step: 'platforms' }));
    expect(await screen.findByRole('heading', { name: 'Link platforms', level: 2 })).toBeTruthy();
    const steps = within(screen.getByRole('navigation', { name: 'Setup progress' })).getAllByRole('button');
    expect(steps.map((s) => s.getAttribute('aria-current'))).toEqual([null, 'step', null, null]);
    expect(steps[0]!.textContent).toContain('✓');
    expect(screen.getByText('Linked as rigcity')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Link Kick' }).getAttribute('href')).toBe(
      '/api/stream/auth/kick?next=%2Fstudio%2Fwelcome',
    );
    expect(screen.getByRole('link', { name: 'Relink Twitch' })).toBeTruthy();
  });

  it('shows who is signed in first, and saves each move to the server', async () => {
    const calls = showWizard(progress());
    await screen.findByRole('heading', { name: 'Signed in', level: 2 });
    expect(screen.getByText('rigcity')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Next: Link platforms/ }));
    await screen.findByRole('heading', { name: 'Link platforms', level: 2 });
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { step: 'platforms', features: [] },
    ]);
  });

  it('feature toggles switch the bot setting where one exists and save the choice', async () => {
    const calls = showWizard(progress({ step: 'features' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Currency' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({
        step: 'features',
        features: ['currency'],
      }),
    );
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { currency: { enabled: true } },
    ]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Timers' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({
        step: 'features',
        features: ['currency', 'timers'],
      }),
    );
    // Timers have no on/off setting: only the choice is saved.
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('choosing song requests says Spotify needs Premium and where to add an own app', async () => {
    showWizard(progress({ step: 'features' }));
    const box = await screen.findByRole('checkbox', { name: 'Song requests' });
    expect(screen.queryByText('Song requests need Spotify Premium')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Currency' }));
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: 'Currency' })).toHaveProperty('checked', true),
    );
    expect(screen.queryByText('Song requests need Spotify Premium')).toBeNull();

    fireEvent.click(box);
    expect(await screen.findByText('Song requests need Spotify Premium')).toBeTruthy();
    expect(screen.getByText(/only 25 users/).textContent).toMatch(
      /your own Spotify app \(client id and secret\)/,
    );
    expect(screen.getByRole('link', { name: 'Song requests page' }).getAttribute('href')).toBe(
      '/studio/songs',
    );

    fireEvent.click(box);
    await waitFor(() => expect(screen.queryByText('Song requests need Spotify Premium')).toBeNull());
  });

  it('a failed setting change leaves the feature off and says why', async () => {
    showWizard(progress({ step: 'features' }), {
      'PATCH /api/stream/settings': () =>
        json(400, { error: { code: 'invalid', message: 'Settings are locked right now.' } }),
    });
    const box = (await screen.findByRole('checkbox', { name: 'Song requests' })) as HTMLInputElement;
    fireEvent.click(box);
    expect(await screen.findByText('Settings are locked right now.')).toBeTruthy();
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it('the test step posts to the chosen channel and links to the Chat page once sent', async () => {
    const calls = showWizard(progress({ step: 'test' }), {
      'POST /api/stream/onboarding/test': () =>
        json(200, progress({ step: 'test', tested: true, testedAt: new Date().toISOString() })),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Send test message' }));
    expect(await screen.findByRole('link', { name: 'Watch it in the Chat page' })).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/stream/onboarding/test')?.body).toEqual({
      channelId: twitchChannelId,
    });
  });

  it('the test step without channels says to link a platform first', async () => {
    showWizard(progress({ step: 'test', channels: [] }));
    expect(await screen.findByText('No channel yet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send test message' })).toBeNull();
  });

  it('finishing marks the wizard done and opens the studio', async () => {
    const calls = showWizard(progress({ step: 'test', tested: true }), {
      'POST /api/stream/onboarding/done': () => json(200, progress({ done: true })),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Finish and open the studio' }));
    expect(await screen.findByRole('heading', { name: 'Studio overview' })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/stream/onboarding/done')).toBe(true);
  });

  it('says so when the setup cannot load, with a retry', async () => {
    showWizard(progress(), {
      'GET /api/stream/onboarding': () =>
        json(500, { error: { code: 'internal', message: 'Database down.' } }),
    });
    expect(await screen.findByText("Can't load your setup")).toBeTruthy();
    expect(screen.getByRole('button', { name: /Try again|Retry/ })).toBeTruthy();
  });

  it('the studio sends a streamer who has not finished setup to the wizard, and no one else', async () => {
    stubFetch({
      'GET /api/stream/me': () => json(200, me()),
      'GET /api/stream/onboarding': () => json(200, progress({ step: 'features' })),
    });
    render(
      () => (
        <Route path="/studio" component={StudioGate}>
          <Route path="/" component={() => <h1>Studio overview</h1>} />
          <Route path="/welcome" component={OnboardingPage} />
        </Route>
      ),
      { location: '/studio' },
    );
    expect(await screen.findByRole('heading', { name: 'Choose features', level: 2 })).toBeTruthy();
    cleanup();

    stubFetch({
      'GET /api/stream/me': () => json(200, me()),
      'GET /api/stream/onboarding': () => json(200, progress({ done: true })),
    });
    render(
      () => (
        <Route path="/studio" component={StudioGate}>
          <Route path="/" component={() => <h1>Studio overview</h1>} />
          <Route path="/welcome" component={OnboardingPage} />
        </Route>
      ),
      { location: '/studio' },
    );
    expect(await screen.findByRole('heading', { name: 'Studio overview' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('heading', { name: 'Welcome to the stream studio' })).toBeNull();
  });

  it('wraps the studio in the Candy theme', async () => {
    showWizard(progress());
    await screen.findByRole('heading', { name: 'Signed in', level: 2 });
    const root = document.querySelector('.theme-candy') as HTMLElement;
    expect(root).toBeTruthy();
    expect(root.style.getPropertyValue('--colors-ink-DEFAULT')).toBe('#2b1d3a');
  });
});
