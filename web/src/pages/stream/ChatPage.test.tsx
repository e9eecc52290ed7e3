import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json } from '../../test/fakes';
import ChatPage from './ChatPage';
import { chatEvent, showStudio, twitchChannelId } from './studio-fixtures';

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const history = [
  chatEvent({
    platformEventId: 'm-2',
    userName: 'mira',
    text: 'second',
    at: new Date(Date.now() - 30_000).toISOString(),
  }),
  chatEvent({
    platformEventId: 'm-1',
    userName: 'otto',
    text: 'first',
    at: new Date(Date.now() - 90_000).toISOString(),
  }),
];

describe('ChatPage', () => {
  it('shows the history oldest first, then live events as they arrive', async () => {
    showStudio('/chat', ChatPage, '/studio/chat', {
      'GET /api/stream/events': () => json(200, { events: history.map((e, i) => ({ ...e, id: 10 - i })) }),
    });
    const log = await screen.findByRole('list', { name: 'Chat events, oldest first' });
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(2));
    const texts = () =>
      within(log)
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(texts()[0]).toContain('otto: first');
    expect(texts()[1]).toContain('mira: second');

    const live = FakeEventSource.find('/api/stream/events/live');
    live.open();
    live.emit(
      'chat',
      chatEvent({
        platformEventId: 'raid-1',
        kind: 'raid',
        userName: 'nova',
        text: null,
        detail: { viewers: 42 },
        at: new Date().toISOString(),
      }),
    );
    await waitFor(() => expect(texts()).toHaveLength(3));
    expect(texts()[2]).toContain('Raid');
    expect(texts()[2]).toContain('nova');
    expect(texts()[2]).toContain('42 viewers');
    // The same event again (a reconnect overlapping history) is not shown twice.
    live.emit('chat', chatEvent({ platformEventId: 'm-2', userName: 'mira', text: 'second' }));
    expect(texts()).toHaveLength(3);

    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'raid' } });
    await waitFor(() => expect(texts()).toHaveLength(1));
    expect(texts()[0]).toContain('nova');
  });

  it('sends a message through the bot and says it is queued', async () => {
    const calls = showStudio('/chat', ChatPage, '/studio/chat', {
      'GET /api/stream/events': () => json(200, { events: [] }),
      [`POST /api/stream/channels/${twitchChannelId}/messages`]: () => json(202, { queued: true }),
    });
    expect(await screen.findByText('No chat yet')).toBeTruthy();
    const box = screen.getByLabelText('Message to RigCity on Twitch');
    fireEvent.input(box, { target: { value: 'Welcome, raiders!' } });
    fireEvent.submit(box.closest('form')!);
    expect(await screen.findByText(/Queued/)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ text: 'Welcome, raiders!' });
    expect((box as HTMLInputElement).value).toBe('');
  });

  it('announces new events politely as a count, not one by one', async () => {
    showStudio('/chat', ChatPage, '/studio/chat', {
      'GET /api/stream/events': () => json(200, { events: [] }),
    });
    expect(await screen.findByText('No chat yet')).toBeTruthy();
    const live = FakeEventSource.find('/api/stream/events/live');
    live.open();
    vi.useFakeTimers();
    try {
      for (const n of [1, 2, 3])
        live.emit('chat', chatEvent({ platformEventId: `m-${n}`, text: `line ${n}` }));
      expect(screen.queryByText(/new chat event/)).toBeNull();
      vi.advanceTimersByTime(11_000);
    } finally {
      vi.useRealTimers();
    }
    const region = await screen.findByText('3 new chat events');
    expect(region.getAttribute('aria-live')).toBe('polite');
  });
});
