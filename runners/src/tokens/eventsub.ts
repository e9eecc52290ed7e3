/**
 * Twitch delivers chat-adjacent events (follows, subs, raids, cheers, redemptions, live/offline)
 * only to EventSub subscriptions the app creates with its app access token. For every enabled
 * Twitch channel this makes sure each one exists with our webhook callback; the missing ones are
 * created, and Twitch then verifies the callback with its challenge. Our subscriptions for a
 * channel that is disabled or gone are deleted, and failed or revoked ones are deleted (Twitch
 * keeps them listed, and they count against the app's limit) before being made again.
 */
import type { Pool } from '@homelab/db/client/pool';
import { streamChannels } from '@homelab/db/schema';
import { and, eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Logger } from '../log';

export type EventSubDeps = {
  db: Pool['db'];
  log: Logger;
  config: Config;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
};

type Setup = {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  apiBaseUrl: string;
  callback: string;
  secret: string;
};

export type EventSubPass =
  | { status: 'skipped'; reason: string }
  | {
      status: 'done';
      channels: number;
      created: number;
      present: number;
      failed: number;
      /** Subscriptions deleted: their channel is disabled or gone, or they failed or were revoked. */
      deleted: number;
    };

type Wanted = { type: string; version: string; condition: Record<string, string> };

/** The subscriptions one channel needs; follow v2 wants a moderator, the broadcaster is one. */
export function wantedSubscriptions(broadcasterId: string): Wanted[] {
  const broadcaster = { broadcaster_user_id: broadcasterId };
  return [
    {
      type: 'channel.follow',
      version: '2',
      condition: { broadcaster_user_id: broadcasterId, moderator_user_id: broadcasterId },
    },
    { type: 'channel.subscribe', version: '1', condition: broadcaster },
    { type: 'channel.subscription.gift', version: '1', condition: broadcaster },
    { type: 'channel.subscription.message', version: '1', condition: broadcaster },
    { type: 'channel.raid', version: '1', condition: { to_broadcaster_user_id: broadcasterId } },
    { type: 'channel.cheer', version: '1', condition: broadcaster },
    { type: 'channel.channel_points_custom_reward_redemption.add', version: '1', condition: broadcaster },
    { type: 'stream.online', version: '1', condition: broadcaster },
    { type: 'stream.offline', version: '1', condition: broadcaster },
  ];
}

/** What is needed to subscribe, or why subscriptions are not made (the variables to set). */
export function eventsubSetup(config: Config): Setup | { reason: string } {
  const twitch = config.twitch;
  const missing = [
    ...(twitch?.clientId ? [] : ['TWITCH_CLIENT_ID']),
    ...(twitch?.clientSecret ? [] : ['TWITCH_CLIENT_SECRET']),
    ...(twitch?.eventsubSecret ? [] : ['TWITCH_EVENTSUB_SECRET']),
    ...(config.publicOrigin ? [] : ['PUBLIC_ORIGIN']),
  ];
  if (!twitch || missing.length > 0)
    return {
      reason: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: Twitch EventSub subscriptions are not created.`,
    };
  return {
    clientId: twitch.clientId!,
    clientSecret: twitch.clientSecret!,
    tokenUrl: `${twitch.authBaseUrl.replace(/\/+$/, '')}/oauth2/token`,
    apiBaseUrl: twitch.apiBaseUrl.replace(/\/+$/, ''),
    callback: `${config.publicOrigin!.replace(/\/+$/, '')}/webhooks/twitch/eventsub`,
    secret: twitch.eventsubSecret!,
  };
}

type Existing = {
  id: string;
  type: string;
  status: string;
  condition: Record<string, string>;
  transport: { callback?: string };
};

/** A subscription that is working or about to be: a failed or revoked one is made again. */
const live = new Set(['enabled', 'webhook_callback_verification_pending']);

export async function ensureTwitchSubscriptions(deps: EventSubDeps): Promise<EventSubPass> {
  const setup = eventsubSetup(deps.config);
  if ('reason' in setup) return { status: 'skipped', reason: setup.reason };
  const doFetch = deps.fetch ?? fetch;
  const call = (url: string, init: RequestInit = {}) => {
    const timeout = AbortSignal.timeout(deps.requestTimeoutMs ?? 10_000);
    return doFetch(url, { ...init, signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout });
  };

  const channels = await deps.db
    .select({ id: streamChannels.platformChannelId })
    .from(streamChannels)
    .where(and(eq(streamChannels.platform, 'twitch'), eq(streamChannels.enabled, true)));
  const pass = {
    status: 'done' as const,
    channels: channels.length,
    created: 0,
    present: 0,
    failed: 0,
    deleted: 0,
  };

  const tokenResponse = await call(setup.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: setup.clientId,
      client_secret: setup.clientSecret,
      grant_type: 'client_credentials',
    }),
  });
  if (!tokenResponse.ok)
    throw new Error(
      `Twitch refused the app access token (${tokenResponse.status}): ${await tokenResponse.text()}`,
    );
  const { access_token: appToken } = (await tokenResponse.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${appToken}`, 'client-id': setup.clientId };

  // Every subscription of the app, once: the ones of channels no longer enabled are found here too.
  const all: Existing[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams(cursor ? { after: cursor } : {});
    const response = await call(`${setup.apiBaseUrl}/helix/eventsub/subscriptions?${query}`, { headers });
    if (!response.ok)
      throw new Error(`Twitch refused the subscription list (${response.status}): ${await response.text()}`);
    const page = (await response.json()) as { data: Existing[]; pagination?: { cursor?: string } };
    all.push(...page.data);
    cursor = page.pagination?.cursor || undefined;
  } while (cursor);

  const enabled = new Set(channels.map((channel) => channel.id));
  const remove = async (sub: Existing, why: string) => {
    const response = await call(
      `${setup.apiBaseUrl}/helix/eventsub/subscriptions?${new URLSearchParams({ id: sub.id })}`,
      { method: 'DELETE', headers },
    );
    // 404: already gone (another process, or Twitch removed it itself).
    if (response.ok || response.status === 404) {
      await response.body?.cancel();
      pass.deleted++;
      return true;
    }
    deps.log.warn('twitch eventsub subscription not deleted', {
      id: sub.id,
      type: sub.type,
      why,
      status: response.status,
      body: (await response.text()).slice(0, 300),
    });
    return false;
  };

  // Only subscriptions with this deployment's callback are ours to delete.
  const existingOf = new Map<string, Existing[]>();
  for (const sub of all) {
    if (sub.transport.callback !== setup.callback) continue;
    // Every wanted condition names the broadcaster first (follow also names them as moderator).
    const broadcasterId = sub.condition.broadcaster_user_id ?? sub.condition.to_broadcaster_user_id;
    if (!broadcasterId || !enabled.has(broadcasterId)) {
      await remove(sub, 'channel disabled or removed');
      continue;
    }
    if (!live.has(sub.status) && (await remove(sub, sub.status))) continue;
    existingOf.set(broadcasterId, [...(existingOf.get(broadcasterId) ?? []), sub]);
  }

  for (const channel of channels) {
    const existing = existingOf.get(channel.id) ?? [];
    for (const wanted of wantedSubscriptions(channel.id)) {
      const present = existing.some(
        (sub) =>
          sub.type === wanted.type &&
          live.has(sub.status) &&
          sub.transport.callback === setup.callback &&
          Object.entries(wanted.condition).every(([field, value]) => sub.condition[field] === value),
      );
      if (present) {
        pass.present++;
        continue;
      }
      const response = await call(`${setup.apiBaseUrl}/helix/eventsub/subscriptions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...wanted,
          transport: { method: 'webhook', callback: setup.callback, secret: setup.secret },
        }),
      });
      const text = await response.text();
      // 409: made meanwhile (another process, or a page Twitch had not listed yet).
      if (response.status === 409) pass.present++;
      else if (response.ok) pass.created++;
      else {
        // 403 here means the streamer has not granted the scope this type needs; the others still go.
        pass.failed++;
        deps.log.warn('twitch eventsub subscription refused', {
          broadcasterId: channel.id,
          type: wanted.type,
          status: response.status,
          body: text.slice(0, 300),
        });
      }
    }
  }
  return pass;
}
