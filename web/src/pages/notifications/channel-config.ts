/**
 * The channel form's state per type and its translation into the API's input, with the page's own
 * checks keyed like the API's 400 fields ("config.webhookUrl"). Secrets (webhook URLs, passwords,
 * tokens) never come back from the API, so an edited channel starts with them empty.
 */
import type { Channel, ChannelConfig, ChannelInput, ChannelType } from './types';

export const channelTypeLabels: Record<ChannelType, { label: string; icon: string }> = {
  discord: { label: 'Discord', icon: 'i-ph-discord-logo' },
  webhook: { label: 'Webhook', icon: 'i-ph-webhooks-logo' },
  smtp: { label: 'E-mail (SMTP)', icon: 'i-ph-envelope-simple' },
  ntfy: { label: 'ntfy', icon: 'i-ph-bell-ringing' },
};
export const channelTypeList = Object.keys(channelTypeLabels) as ChannelType[];

export interface ChannelFormState {
  type: ChannelType;
  name: string;
  enabled: boolean;
  url: string;
  secret: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  from: string;
  to: string;
  serverUrl: string;
  topic: string;
  token: string;
}

export const emptyChannelForm = (type: ChannelType = 'discord'): ChannelFormState => ({
  type,
  name: '',
  enabled: true,
  url: '',
  secret: '',
  host: '',
  port: '587',
  secure: false,
  username: '',
  password: '',
  from: '',
  to: '',
  serverUrl: 'https://ntfy.sh',
  topic: '',
  token: '',
});

/** An existing channel as the form's fields: its settings are never sent back, so they start empty. */
export function channelFormOf(channel: Channel): ChannelFormState {
  return { ...emptyChannelForm(channel.type), name: channel.name, enabled: channel.enabled };
}

const isUrl = (value: string) => /^https?:\/\/\S+$/i.test(value);
const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export function buildChannelInput(state: ChannelFormState): {
  input: ChannelInput;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const name = state.name.trim();
  if (!name) errors.name = 'Give the channel a name';
  const url = state.url.trim();
  const needUrl = (key: string, what: string) => {
    if (!url) errors[key] = `Enter the ${what}`;
    else if (!isUrl(url)) errors[key] = 'Must start with http:// or https://';
  };
  let config: ChannelConfig;
  switch (state.type) {
    case 'discord':
      needUrl('config.webhookUrl', 'Discord webhook URL');
      config = { type: 'discord', webhookUrl: url };
      break;
    case 'webhook':
      needUrl('config.url', 'URL to call');
      if (state.secret.length < 16) errors['config.secret'] = 'At least 16 characters';
      config = { type: 'webhook', url, secret: state.secret };
      break;
    case 'smtp': {
      const port = Number(state.port);
      if (!state.host.trim()) errors['config.host'] = 'Enter the mail server';
      if (!Number.isInteger(port) || port < 1 || port > 65_535)
        errors['config.port'] = 'A port between 1 and 65535';
      if (!isEmail(state.from.trim())) errors['config.from'] = 'Enter the sender address';
      const to = state.to
        .split(/[,\s]+/)
        .map((a) => a.trim())
        .filter(Boolean);
      if (to.length === 0) errors['config.to'] = 'Enter at least one recipient';
      else if (!to.every(isEmail)) errors['config.to'] = 'Separate addresses with commas';
      config = {
        type: 'smtp',
        host: state.host.trim(),
        port,
        secure: state.secure,
        ...(state.username.trim() ? { username: state.username.trim() } : {}),
        ...(state.password ? { password: state.password } : {}),
        from: state.from.trim(),
        to,
      };
      break;
    }
    case 'ntfy': {
      const serverUrl = state.serverUrl.trim() || 'https://ntfy.sh';
      if (!isUrl(serverUrl)) errors['config.serverUrl'] = 'Must start with http:// or https://';
      if (!/^[\w-]{1,64}$/.test(state.topic.trim())) errors['config.topic'] = 'Letters, digits, "_" or "-"';
      config = {
        type: 'ntfy',
        serverUrl,
        topic: state.topic.trim(),
        ...(state.token.trim() ? { token: state.token.trim() } : {}),
      };
      break;
    }
  }
  return { input: { name, config, enabled: state.enabled }, errors };
}

export const channelFieldNames = [
  'name',
  'config.webhookUrl',
  'config.url',
  'config.secret',
  'config.host',
  'config.port',
  'config.username',
  'config.password',
  'config.from',
  'config.to',
  'config.serverUrl',
  'config.topic',
  'config.token',
] as const;
