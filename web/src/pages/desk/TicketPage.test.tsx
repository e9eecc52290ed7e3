import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { guildId, showDesk, ticket, ticketId } from './desk-fixtures';
import TicketPage from './TicketPage';
import type { TicketEventView } from './types';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base = `/api/desk/guilds/${guildId}/tickets/${ticketId}`;
const opened: TicketEventView = {
  id: 1,
  kind: 'opened',
  actorId: '200000000000000009',
  actorName: 'mira',
  body: null,
  detail: null,
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
};
const detail = (events: TicketEventView[], over: Parameters<typeof ticket>[0] = {}) => ({
  ticket: {
    ...ticket(over),
    answers: [{ label: 'What happens?', value: 'Voice drops after a minute' }],
    members: [],
    closeReason: null,
    ratingComment: null,
    sourceMessageUrl: null,
    firstResponseAt: null,
  },
  events,
  transcript: null,
});

describe('TicketPage', () => {
  it('sends a reply with Ctrl+Enter and shows it in the timeline', async () => {
    let events = [opened];
    const calls = showDesk(
      '/:guildId/tickets/:ticketId',
      TicketPage,
      `/desk/${guildId}/tickets/${ticketId}`,
      {
        [`GET ${base}`]: () => json(200, detail(events)),
        [`POST ${base}/replies`]: (call) => {
          const body = (call.body as { body: string }).body;
          events = [
            ...events,
            { ...opened, id: 2, kind: 'reply', actorName: 'evin', body, createdAt: new Date().toISOString() },
          ];
          return json(201, ticket());
        },
      },
    );
    expect(await screen.findByRole('heading', { name: /#42 Cannot join the server voice/ })).toBeTruthy();
    expect(screen.getByText('Voice drops after a minute')).toBeTruthy();

    const box = screen.getByLabelText('Reply to the ticket');
    fireEvent.input(box, { target: { value: 'Try turning off echo cancellation.' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });

    await waitFor(() => {
      const timeline = screen.getByRole('list', { name: 'Ticket events, oldest first' });
      expect(within(timeline).getByText('Try turning off echo cancellation.')).toBeTruthy();
    });
    expect(calls.find((c) => c.path === `${base}/replies`)?.body).toEqual({
      body: 'Try turning off echo cancellation.',
    });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
  });

  it('closes only after confirming, with the reason given', async () => {
    const calls = showDesk(
      '/:guildId/tickets/:ticketId',
      TicketPage,
      `/desk/${guildId}/tickets/${ticketId}`,
      {
        [`GET ${base}`]: () => json(200, detail([opened])),
        [`POST ${base}/actions`]: () => json(200, ticket({ status: 'closed' })),
      },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Close' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close this ticket?' });
    expect(calls.some((c) => c.path === `${base}/actions`)).toBe(false);

    fireEvent.input(within(dialog).getByLabelText('Reason (optional)'), {
      target: { value: 'Fixed by a driver update' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close ticket' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === `${base}/actions`)?.body).toEqual({
        action: 'close',
        reason: 'Fixed by a driver update',
      }),
    );
  });
});
