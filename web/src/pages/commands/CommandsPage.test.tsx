import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import type { BotCommand } from './api';
import CommandsPage from './CommandsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const command = (over: Partial<BotCommand> = {}): BotCommand => ({
  id: '44444444-4444-4444-8444-444444444444',
  name: 'discord',
  aliases: ['dc'],
  response: 'Join us at discord.gg/rig, $(user)!',
  responseType: 'say',
  platforms: ['twitch', 'youtube', 'kick'],
  minLevel: 'everyone',
  globalCooldownS: 5,
  userCooldownS: 30,
  cost: 0,
  enabled: true,
  uses: 12,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

const builtins = {
  commands: [
    {
      name: 'so',
      aliases: ['shoutout'],
      level: 'modLevel',
      area: 'tools',
      description: 'Shout out',
      usage: '!so <user>',
    },
  ],
};

/** A preview that renders $(user) and $(1) and refuses $(bogus) at its position. */
const preview = ({ body }: { body: unknown }) => {
  const { template, user, args } = body as { template: string; user?: string; args?: string };
  const bad = template.indexOf('$(bogus)');
  if (bad >= 0)
    return json(200, { ok: false, error: { message: 'Unknown variable bogus', start: bad, end: bad + 8 } });
  const first = (args ?? '').split(' ')[0] ?? '';
  return json(200, { ok: true, text: template.replace('$(user)', user ?? 'viewer').replace('$(1)', first) });
};

const routes = (list: BotCommand[]) => ({
  'GET /api/stream/commands': () => json(200, { commands: list }),
  'GET /api/stream/commands/builtins': () => json(200, builtins),
  'POST /api/stream/commands/preview': preview,
});

describe('CommandsPage', () => {
  it('lists commands and built-ins, searches, and switches one off', async () => {
    const calls = showStudio('/commands', CommandsPage, '/studio/commands', {
      ...routes([
        command(),
        command({ id: '55555555-5555-4555-8555-555555555555', name: 'lurk', aliases: [] }),
      ]),
      'PATCH /api/stream/commands/44444444-4444-4444-8444-444444444444': () =>
        json(200, command({ enabled: false })),
    });
    expect(await screen.findByRole('rowheader', { name: '!discord' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: /!so/ })).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search commands' }), { target: { value: 'lur' } });
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: '!discord' })).toBeNull());
    expect(screen.getByRole('rowheader', { name: '!lurk' })).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search commands' }), { target: { value: '' } });
    fireEvent.click(await screen.findByRole('checkbox', { name: '!discord enabled' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false }));
  });

  it('shows an empty state when there are no commands', async () => {
    showStudio('/commands', CommandsPage, '/studio/commands', routes([]));
    expect(await screen.findByText('No custom commands yet')).toBeTruthy();
  });

  it('shows a parse error inline under the reply, marking the position', async () => {
    showStudio('/commands', CommandsPage, '/studio/commands', routes([]));
    fireEvent.click(await screen.findByRole('button', { name: 'New command' }));
    const dialog = await screen.findByRole('dialog');
    const reply = within(dialog).getByRole('textbox', { name: 'Reply' });
    fireEvent.input(reply, { target: { value: 'Hi $(bogus) there' } });
    const error = await within(dialog).findByText(/Unknown variable bogus \(at character 4\)/);
    expect(reply.getAttribute('aria-invalid')).toBe('true');
    const errorBox = error.closest('div')!;
    expect(reply.getAttribute('aria-describedby')).toContain(errorBox.id);
    expect(within(errorBox).getByTestId('error-marker').textContent).toBe('$(bogus)');
  });

  it('updates the preview as the reply and the sample change, and saves', async () => {
    const calls = showStudio('/commands', CommandsPage, '/studio/commands', {
      ...routes([]),
      'POST /api/stream/commands': ({ body }) => json(201, command({ ...(body as object), id: 'x' })),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New command' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'hug' } });
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Reply' }), {
      target: { value: '$(user) hugs $(1)' },
    });
    await waitFor(() => expect(within(dialog).getByTestId('preview-text').textContent).toBe('viewer hugs '));
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Sample viewer' }), {
      target: { value: 'Mia' },
    });
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Sample words after the command' }), {
      target: { value: 'Zed' },
    });
    await waitFor(() => expect(within(dialog).getByTestId('preview-text').textContent).toBe('Mia hugs Zed'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add command' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.path === '/api/stream/commands')?.body).toMatchObject(
        {
          name: 'hug',
          response: '$(user) hugs $(1)',
          platforms: ['twitch', 'youtube', 'kick'],
        },
      ),
    );
  });

  it('deletes a command after confirmation', async () => {
    const calls = showStudio('/commands', CommandsPage, '/studio/commands', {
      ...routes([command()]),
      'DELETE /api/stream/commands/44444444-4444-4444-8444-444444444444': () => json(204, null),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete !discord' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete command' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('says when the commands cannot be loaded', async () => {
    showStudio('/commands', CommandsPage, '/studio/commands', {
      ...routes([]),
      'GET /api/stream/commands': () => json(500, { error: { code: 'internal', message: 'Database down.' } }),
    });
    expect(await screen.findByText('Could not load the commands')).toBeTruthy();
  });
});
