/**
 * Discord webhook sender: one embed per message, red when something went down and green when it
 * came back. `?wait=true` makes Discord confirm the message was posted instead of only queued.
 */
import type { ChannelConfig } from '@homelab/db/monitoring';
import { failure, type OutgoingMessage, post, retryAfterHeader, type Send } from './message';

type DiscordConfig = Extract<ChannelConfig, { type: 'discord' }>;

export const embedColors = { opened: 0xe74c3c, resolved: 0x2ecc71, other: 0x3498db } as const;

// Discord rejects the whole message (400) past these embed limits, so long text is cut instead.
const titleLimit = 256;
const descriptionLimit = 4096;

export function discordBody(message: OutgoingMessage, now = new Date()) {
  const color =
    message.event === 'opened'
      ? embedColors.opened
      : message.event === 'resolved'
        ? embedColors.resolved
        : embedColors.other;
  return {
    embeds: [
      {
        title: cut(message.title, titleLimit),
        description: cut(message.body, descriptionLimit),
        color,
        timestamp: now.toISOString(),
      },
    ],
  };
}

export const sendDiscord: Send<DiscordConfig> = async (config, message, signal) => {
  const url = new URL(config.webhookUrl);
  url.searchParams.set('wait', 'true');
  const response = await post(
    'Discord',
    url.toString(),
    { headers: { 'content-type': 'application/json' }, body: JSON.stringify(discordBody(message)) },
    signal,
  );
  if (response.ok) return;
  if (response.status === 429) {
    // The body's retry_after is in fractional seconds, finer than the Retry-After header.
    const text = await response.text().catch(() => '');
    const wait = rateLimitWait(text) ?? retryAfterHeader(response.headers.get('retry-after'));
    throw await failure('Discord', new Response(text, { status: 429 }), wait);
  }
  throw await failure('Discord', response);
};

function rateLimitWait(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { retry_after?: unknown };
    return typeof body.retry_after === 'number' && body.retry_after >= 0
      ? Math.ceil(body.retry_after * 1000)
      : undefined;
  } catch {
    return undefined;
  }
}

function cut(text: string, limit: number) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
