/**
 * ntfy sender: the body is the notification text and everything else travels in headers, as ntfy's
 * publish API wants; a down alert is sent with high priority so phones make noise for it.
 */
import type { ChannelConfig } from '@homelab/db/monitoring';
import { failure, type OutgoingMessage, post, type Send } from './message';

type NtfyConfig = Extract<ChannelConfig, { type: 'ntfy' }>;

const tags: Record<string, string> = {
  opened: 'rotating_light',
  resolved: 'white_check_mark',
  test: 'bell',
  info: 'information_source',
};

export function ntfyHeaders(config: NtfyConfig, message: OutgoingMessage): Record<string, string> {
  return {
    Title: headerText(message.title),
    Priority: message.event === 'opened' ? 'high' : 'default',
    Tags: tags[message.event] ?? 'information_source',
    ...(config.token ? { Authorization: `Bearer ${config.token}` } : {}),
  };
}

export function ntfyUrl(config: NtfyConfig): string {
  return `${config.serverUrl.replace(/\/+$/, '')}/${config.topic}`;
}

export const sendNtfy: Send<NtfyConfig> = async (config, message, signal) => {
  const response = await post(
    'ntfy',
    ntfyUrl(config),
    { headers: ntfyHeaders(config, message), body: message.body },
    signal,
  );
  if (!response.ok) throw await failure('ntfy', response);
};

/** HTTP headers carry Latin-1 only; ntfy decodes RFC 2047 words, so other text is sent as one. */
function headerText(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(oneLine)) return oneLine;
  return `=?UTF-8?B?${Buffer.from(oneLine, 'utf8').toString('base64')}?=`;
}
