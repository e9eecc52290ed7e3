/** Test data and a renderer for desk pages: the gate's /api/desk/me answered, the page under its route. */
import { Route } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import type { Component } from 'solid-js';
import { json, stubFetch } from '../../test/fakes';
import DeskGate from './DeskGate';
import type { DeskMe, TicketSummary } from './types';

export const guildId = '300000000000000001';
export const ticketId = '44444444-4444-4444-8444-444444444444';

export const me = (over: Partial<DeskMe> = {}): DeskMe => ({
  user: { id: 'u1', username: 'evin', role: 'guest' },
  discord: { id: '200000000000000001', username: 'evin', avatarUrl: null },
  guilds: [{ guildId, name: 'Rig City', iconUrl: null, level: 'admin' }],
  ...over,
});

export const ticket = (over: Partial<TicketSummary> = {}): TicketSummary => ({
  id: ticketId,
  number: 42,
  subject: 'Cannot join the server voice',
  status: 'open',
  priority: 'normal',
  categoryId: null,
  categoryName: 'Support',
  openerId: '200000000000000009',
  openerName: 'mira',
  claimedBy: null,
  channelId: '500000000000000001',
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
  lastActivityAt: new Date(Date.now() - 600_000).toISOString(),
  closedAt: null,
  rating: null,
  ...over,
});

export function showDesk(
  path: string,
  page: Component,
  location: string,
  routes: Parameters<typeof stubFetch>[0] = {},
  who: DeskMe = me(),
) {
  const calls = stubFetch({ 'GET /api/desk/me': () => json(200, who), ...routes });
  render(
    () => (
      <Route path="/desk" component={DeskGate}>
        <Route path={path} component={page} />
      </Route>
    ),
    { location },
  );
  return calls;
}

/** The full addresses fetch was asked for, query included (the stub's calls keep only the path). */
export const requestedUrls = () =>
  (fetch as unknown as { mock: { calls: [RequestInfo | URL][] } }).mock.calls.map(([input]) =>
    String(input instanceof Request ? input.url : input),
  );
