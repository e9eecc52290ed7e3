import { Route } from '@solidjs/router';
import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import OverlayPage from './OverlayPage';

const key = 'k'.repeat(43);
const template = (text: string, durationMs = 2_000) => ({ text, durationMs, animation: 'pop', volume: 0 });
const templates = [
  { kind: 'follow', enabled: true, template: template('{user} followed!') },
  { kind: 'raid', enabled: true, template: template('{user} raids with {viewers}!', 3_000) },
  { kind: 'cheer', enabled: false, template: template('{user} cheered') },
  { kind: 'chat', enabled: true, template: template('{user}: {message}') },
  { kind: 'goal', enabled: true, template: template('{amount} follows') },
];
const event = (id: string, kind: string, over: Record<string, unknown> = {}) => ({
  id,
  kind,
  user: 'Alice',
  amount: null,
  message: null,
  tier: null,
  viewers: null,
  at: '2025-01-01T00:00:00.000Z',
  ...over,
});

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function show(search = '') {
  const calls = stubFetch({ [`GET /api/overlay/${key}`]: () => json(200, { templates }) });
  render(() => <Route path="/overlay/:key" component={OverlayPage} />, {
    location: `/overlay/${key}${search}`,
  });
  return calls;
}

const stream = async () => {
  await waitFor(() => expect(FakeEventSource.find(`/api/overlay/${key}/events`)).toBeTruthy());
  return FakeEventSource.find(`/api/overlay/${key}/events`);
};

describe('OverlayPage', () => {
  it('plays two simultaneous alerts one after another, skipping disabled kinds and repeats', async () => {
    const calls = show();
    const events = await stream();
    vi.useFakeTimers();
    events.emit('overlay', event('1', 'follow'));
    events.emit('overlay', event('1', 'follow'));
    events.emit('overlay', event('2', 'cheer', { amount: 100 }));
    events.emit('overlay', event('3', 'raid', { user: 'Bob', viewers: 12 }));

    expect(screen.getAllByTestId('overlay-alert')).toHaveLength(1);
    expect(screen.getByText('Alice followed!')).toBeTruthy();
    vi.advanceTimersByTime(1_999);
    expect(screen.queryByText('Bob raids with 12!')).toBeNull();
    vi.advanceTimersByTime(1);
    expect(screen.queryByTestId('overlay-alert')).toBeNull();
    vi.advanceTimersByTime(400);
    expect(screen.getAllByTestId('overlay-alert')).toHaveLength(1);
    expect(screen.getByText('Bob raids with 12!')).toBeTruthy();
    vi.advanceTimersByTime(3_400);
    expect(screen.queryByTestId('overlay-alert')).toBeNull();
    expect(screen.queryByText(/cheered/)).toBeNull();
    // Only the public overlay API is called: the page never needs a session.
    expect(calls.every((c) => c.path.startsWith('/api/overlay/'))).toBe(true);
  });

  it('shows the chat box and the goal widgets', async () => {
    show('?widget=chat');
    const events = await stream();
    events.emit('overlay', event('m1', 'chat', { message: 'hello' }));
    expect(await screen.findByText('Alice: hello')).toBeTruthy();
    events.emit('overlay', event('f1', 'follow'));
    expect(screen.queryByTestId('overlay-alert')).toBeNull();
    cleanup();

    show('?widget=goal&target=10');
    const goal = await stream();
    goal.emit('overlay', event('g', 'goal', { counts: { follows: 4, subs: 1 } }));
    goal.emit('overlay', event('f2', 'follow'));
    expect(await screen.findByText('5 follows')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Goal' }).getAttribute('value')).toBe('5');
  });

  it('says when the address is not valid any more', async () => {
    stubFetch({});
    render(() => <Route path="/overlay/:key" component={OverlayPage} />, { location: `/overlay/${key}` });
    expect(await screen.findByText('This overlay address is not valid any more.')).toBeTruthy();
  });
});
