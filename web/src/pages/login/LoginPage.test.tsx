import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LoginPage from './LoginPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Answers the setup probe, and the login with `loginResponse`. */
function stubServer(loginResponse: () => Response) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/api/auth/setup')) return json(200, { needsSetup: false });
    if (url.endsWith('/api/auth/login')) return loginResponse();
    return json(404, { error: { code: 'not_found', message: 'nope' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function signIn() {
  // With `location`, the library wraps the ui in a MemoryRouter, so the ui is a route definition.
  render(() => <Route path="/login" component={LoginPage} />, { location: '/login' });
  fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'ada' } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'not the password' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it("shows the server's message for wrong credentials", async () => {
    const fetchMock = stubServer(() =>
      json(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password.' } }),
    );
    await signIn();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not sign you in');
    expect(alert.textContent).toContain('Wrong username or password.');
    const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/login'))!;
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'ada', password: 'not the password' });
  });

  it('shows the rate-limit message with the Retry-After time and holds the button', async () => {
    stubServer(() =>
      json(
        429,
        { error: { code: 'rate_limited', message: 'Too many attempts from this address.' } },
        { 'Retry-After': '90' },
      ),
    );
    await signIn();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many attempts from this address.');
    expect(alert.textContent).toContain('You can try again in 1 minute 30 seconds.');
    // The label counts down every second; on a busy machine a tick may pass before this line.
    const button = screen.getByRole('button', {
      name: /Wait 1 minute (30|2\d) seconds/,
    }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });
});
