import { describe, expect, it } from 'vitest';
import { buildChannelInput, channelFormOf, emptyChannelForm } from './channel-config';

describe('buildChannelInput', () => {
  it('builds each channel type', () => {
    expect(
      buildChannelInput({
        ...emptyChannelForm('discord'),
        name: 'ops',
        url: 'https://discord.com/api/webhooks/1/x',
      }),
    ).toEqual({
      input: {
        name: 'ops',
        enabled: true,
        config: { type: 'discord', webhookUrl: 'https://discord.com/api/webhooks/1/x' },
      },
      errors: {},
    });
    expect(
      buildChannelInput({
        ...emptyChannelForm('smtp'),
        name: 'mail',
        host: 'smtp.example.com',
        port: '465',
        secure: true,
        from: 'hub@example.com',
        to: 'a@example.com, b@example.com',
      }).input.config,
    ).toEqual({
      type: 'smtp',
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      from: 'hub@example.com',
      to: ['a@example.com', 'b@example.com'],
    });
    expect(
      buildChannelInput({ ...emptyChannelForm('ntfy'), name: 'phone', topic: 'homelab' }).input.config,
    ).toEqual({
      type: 'ntfy',
      serverUrl: 'https://ntfy.sh',
      topic: 'homelab',
    });
  });

  it('objects under the API’s field names', () => {
    expect(
      Object.keys(
        buildChannelInput({ ...emptyChannelForm('webhook'), url: 'nope', secret: 'short' }).errors,
      ).sort(),
    ).toEqual(['config.secret', 'config.url', 'name']);
    expect(
      buildChannelInput({ ...emptyChannelForm('smtp'), name: 'm', to: 'not-an-address' }).errors,
    ).toMatchObject({
      'config.host': expect.any(String),
      'config.from': expect.any(String),
      'config.to': expect.any(String),
    });
    expect(
      buildChannelInput({ ...emptyChannelForm('ntfy'), name: 'n', topic: 'has space' }).errors[
        'config.topic'
      ],
    ).toBeDefined();
  });

  it('starts an edited channel with its name and state, and its settings empty', () => {
    const state = channelFormOf({
      id: '1',
      name: 'hook',
      type: 'webhook',
      enabled: false,
      target: 'n8n.local/•••',
    });
    expect(state).toMatchObject({ type: 'webhook', name: 'hook', enabled: false, url: '', secret: '' });
  });
});
