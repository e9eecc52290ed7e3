/** Test data and a renderer for studio pages: the gate's /api/stream/me answered, the page under its route. */
import { Route } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import type { Component } from 'solid-js';
import { json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import StudioGate from './StudioGate';
import type { ChannelView, ChatEvent, StreamMe } from './types';

export const tenantId = '11111111-1111-4111-8111-111111111111';
export const twitchChannelId = '22222222-2222-4222-8222-222222222222';

export const channel = (over: Partial<ChannelView> = {}): ChannelView => ({
  id: twitchChannelId,
  platform: 'twitch',
  platformChannelId: '141981764',
  login: 'rigcity',
  displayName: 'RigCity',
  enabled: true,
  botIsModerator: false,
  chatMode: 'webhook',
  accountId: '33333333-3333-4333-8333-333333333333',
  createdAt: '2025-01-01T00:00:00.000Z',
  lease: null,
  connection: null,
  quota: null,
  ...over,
});

export const me = (over: Partial<StreamMe> = {}): StreamMe => ({
  user: { id: 'u1', username: 'rigcity', role: 'guest' },
  tenant: { id: tenantId, displayName: 'Rig City' },
  accounts: [
    {
      provider: 'twitch',
      username: 'rigcity',
      state: 'connected',
      tokenExpiresAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      lastError: null,
    },
  ],
  channels: [channel()],
  ...over,
});

export const chatEvent = (over: Partial<ChatEvent> = {}): ChatEvent => ({
  tenantId,
  channelId: twitchChannelId,
  platform: 'twitch',
  kind: 'message',
  platformEventId: 'm-1',
  userId: '9001',
  userName: 'mira',
  text: 'hello chat',
  detail: { level: 'everyone', badges: [] },
  at: new Date(Date.now() - 60_000).toISOString(),
  ...over,
});

export function showStudio(
  path: string,
  page: Component,
  location: string,
  routes: Parameters<typeof stubFetch>[0] = {},
  who: StreamMe = me(),
) {
  const calls = stubFetch({ 'GET /api/stream/me': () => json(200, who), ...routes });
  render(
    () => (
      <Route path="/studio" component={StudioGate}>
        <Route path={path} component={page} />
      </Route>
    ),
    { location },
  );
  render(() => <ToastRegion />);
  return calls;
}
