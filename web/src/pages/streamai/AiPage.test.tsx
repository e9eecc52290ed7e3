import { defaultPersona } from '@homelab/db/stream/persona-prompt';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import AiPage from './AiPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// What a tenant that never saved a persona gets: the server's defaults.
const persona = defaultPersona;
const channel = {
  id: '77777777-7777-4777-8777-777777777777',
  platform: 'twitch',
  displayName: 'Alice',
  custom: false,
};
const day = (d: string, tokens = 0) => ({
  day: d,
  promptTokens: tokens,
  completionTokens: 0,
  requests: 0,
  fallbacks: 0,
});
const usage = {
  today: {
    day: '2026-01-30',
    promptTokens: 9_000,
    completionTokens: 1_000,
    requests: 12,
    fallbacks: 2,
    budget: 40_000,
  },
  days: [day('2026-01-29', 5_000), { ...day('2026-01-30', 9_000), completionTokens: 1_000 }],
};

describe('AiPage', () => {
  it('shows the persona and today’s usage, and saves a change', async () => {
    const calls = showStudio('/ai', AiPage, '/studio/ai', {
      'GET /api/stream/ai/persona': () => json(200, { persona, source: 'default', channels: [channel] }),
      'GET /api/stream/ai/usage': () => json(200, usage),
      'PUT /api/stream/ai/persona': ({ body }) =>
        json(200, { persona: { ...persona, ...(body as object) }, source: 'tenant', channels: [channel] }),
    });
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect((name as HTMLInputElement).value).toBe('SnappleBot');
    expect(screen.getByText('Nothing saved yet: these are the defaults.')).toBeTruthy();
    expect(await screen.findByText('10,000 of 40,000')).toBeTruthy();
    expect(screen.getByText('12')).toBeTruthy();
    expect(screen.getByText(/configured on the server/)).toBeTruthy();

    fireEvent.input(name, { target: { value: 'FizzBot' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Personality' }), {
      target: { value: 'Loves retro games.' },
    });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Fact timer (minutes)' }), {
      target: { value: '15' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save persona' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toMatchObject({
      name: 'FizzBot',
      prompt: 'Loves retro games.',
      factEveryMinutes: 15,
      channelId: null,
    });
    expect(await screen.findByText('Every channel without its own persona uses this one.')).toBeTruthy();
  });

  it('shows field errors from the server next to the field', async () => {
    showStudio('/ai', AiPage, '/studio/ai', {
      'GET /api/stream/ai/persona': () => json(200, { persona, source: 'tenant', channels: [] }),
      'GET /api/stream/ai/usage': () => json(200, usage),
      'PUT /api/stream/ai/persona': () =>
        json(400, {
          error: {
            code: 'invalid',
            message: 'The input is invalid',
            fields: { name: ['Letters, digits and _ only, as a chat name'] },
          },
        }),
    });
    const name = await screen.findByRole('textbox', { name: 'Name' });
    fireEvent.input(name, { target: { value: 'has space' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save persona' }));
    expect(await screen.findByText('Letters, digits and _ only, as a chat name')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });

  it('previews what the bot sends for a test message', async () => {
    showStudio('/ai', AiPage, '/studio/ai', {
      'GET /api/stream/ai/persona': () => json(200, { persona, source: 'tenant', channels: [] }),
      'GET /api/stream/ai/usage': () => json(200, usage),
      'POST /api/stream/ai/test': () =>
        json(200, {
          system: 'You are SnappleBot.',
          messages: [
            { role: 'system', content: 'You are SnappleBot.' },
            { role: 'user', content: 'A viewer says (untrusted viewer text): <message>hi</message>' },
          ],
          enabled: true,
          note: 'Type !ai hi in your chat to hear the real answer.',
        }),
    });
    const form = await screen.findByRole('form', { name: 'Try a message' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Chat message' }), { target: { value: 'hi' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Show what the bot sends' }));
    expect(await screen.findByText('You are SnappleBot.')).toBeTruthy();
    expect(screen.getByText(/Type !ai hi/)).toBeTruthy();
  });

  it('says when the persona cannot be loaded', async () => {
    showStudio('/ai', AiPage, '/studio/ai', {
      'GET /api/stream/ai/persona': () =>
        json(500, { error: { code: 'internal', message: 'Something broke' } }),
      'GET /api/stream/ai/usage': () => json(200, usage),
    });
    expect(await screen.findByText('Could not load the persona')).toBeTruthy();
    expect(screen.getByText('Something broke')).toBeTruthy();
  });
});
