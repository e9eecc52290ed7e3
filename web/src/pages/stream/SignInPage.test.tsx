import { Route } from '@solidjs/router';
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import OverviewPage from './OverviewPage';
import SignInPage from './SignInPage';
import StudioGate from './StudioGate';
import { me } from './studio-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function showSignIn(location: string) {
  render(() => <Route path="/studio/sign-in" component={SignInPage} />, { location });
}

describe('studio sign-in', () => {
  it('links each platform to its sign-in, keeping the studio page that asked', async () => {
    showSignIn('/studio/sign-in?next=%2Fstudio%2Fchat');
    expect((await screen.findByRole('link', { name: 'Sign in with Twitch' })).getAttribute('href')).toBe(
      '/api/stream/auth/twitch?next=%2Fstudio%2Fchat',
    );
    expect(screen.getByRole('link', { name: 'Sign in with YouTube (Google)' }).getAttribute('href')).toBe(
      '/api/stream/auth/google?next=%2Fstudio%2Fchat',
    );
    expect(screen.getByRole('link', { name: 'Sign in with Kick' }).getAttribute('href')).toBe(
      '/api/stream/auth/kick?next=%2Fstudio%2Fchat',
    );
  });

  it('never sends a sign-in on to another site', async () => {
    showSignIn('/studio/sign-in?next=https%3A%2F%2Fevil.example');
    expect((await screen.findByRole('link', { name: 'Sign in with Kick' })).getAttribute('href')).toBe(
      '/api/stream/auth/kick?next=%2Fstudio',
    );
  });

  it.each([
    ['account_in_use', 'That account is already linked to another streamer; sign in with it instead'],
    ['denied', 'You cancelled on the platform'],
    ['bad_state', 'started in another tab'],
    ['token_exchange', 'The platform did not accept the sign-in'],
    ['rate_limited', 'Too many sign-in attempts'],
    ['kick_not_configured', 'Kick sign-in is not set up on this server'],
    ['something_new', 'Signing in did not work'],
  ])('explains ?error=%s in plain words', async (code, words) => {
    showSignIn(`/studio/sign-in?error=${code}`);
    expect((await screen.findByRole('alert')).textContent).toContain(words);
  });

  it('sends a signed-out visitor from the studio to the sign-in', async () => {
    stubFetch({
      'GET /api/stream/me': () => json(401, { error: { code: 'unauthorized', message: 'Sign in.' } }),
    });
    render(
      () => (
        <>
          <Route path="/studio/sign-in" component={SignInPage} />
          <Route path="/studio" component={StudioGate}>
            <Route path="/" component={OverviewPage} />
          </Route>
        </>
      ),
      { location: '/studio' },
    );
    expect(await screen.findByRole('link', { name: 'Sign in with Twitch' })).toBeTruthy();
  });

  it('tells a signed-in person without a streamer account how to get one', async () => {
    stubFetch({ 'GET /api/stream/me': () => json(200, me({ tenant: null, accounts: [], channels: [] })) });
    render(
      () => (
        <>
          <Route path="/studio/sign-in" component={SignInPage} />
          <Route path="/studio" component={StudioGate}>
            <Route path="/" component={OverviewPage} />
          </Route>
        </>
      ),
      { location: '/studio' },
    );
    expect(await screen.findByText(/not as a streamer yet/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in with Twitch' })).toBeTruthy();
  });
});
