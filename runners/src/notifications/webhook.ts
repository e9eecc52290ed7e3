/**
 * Generic webhook sender (n8n and the like): a JSON body signed with the channel's secret, so the
 * receiver can check the call came from HomeLabHub and was not altered.
 */
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '@homelab/db/monitoring';
import { failure, post, type Send } from './message';

type WebhookConfig = Extract<ChannelConfig, { type: 'webhook' }>;

export const signatureHeader = 'X-HomeLabHub-Signature';
export const eventHeader = 'X-HomeLabHub-Event';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as the receiver recomputes it. */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export const sendWebhook: Send<WebhookConfig> = async (config, message, signal) => {
  const body = JSON.stringify({
    event: message.event,
    title: message.title,
    body: message.body,
    payload: message.payload,
    sentAt: new Date().toISOString(),
  });
  const response = await post(
    'The webhook',
    config.url,
    {
      headers: {
        'content-type': 'application/json',
        [signatureHeader]: signBody(config.secret, body),
        [eventHeader]: message.event,
      },
      body,
    },
    signal,
  );
  if (!response.ok) throw await failure('The webhook', response);
};
