import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import { allowEntry, modAction, moderationSettings } from './fixtures';
import ModerationPage from './ModerationPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const settingsRoute = () => json(200, { settings: { moderation: moderationSettings(), timezone: 'UTC' } });

describe('ModerationPage', () => {
  it('edits rules, escalation, AI thresholds and anti-raid, and PATCHes the moderation part', async () => {
    const calls = showStudio('/moderation', ModerationPage, '/studio/moderation', {
      'GET /api/stream/settings': settingsRoute,
      'PATCH /api/stream/settings': ({ body }) => {
        const part = (body as { moderation: Record<string, unknown> }).moderation;
        return json(200, { settings: { moderation: { ...moderationSettings(), ...part } } });
      },
    });
    const banned = await screen.findByRole('textbox', { name: /Banned words/ });
    expect((banned as HTMLTextAreaElement).value).toBe('scam*');
    fireEvent.input(banned, { target: { value: 'scam*\nfree * here\n' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Offence 3' }), { target: { value: 'timeout' } });
    fireEvent.input(await screen.findByRole('spinbutton', { name: 'Timeout 3 (seconds)' }), {
      target: { value: '600' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a step' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Score messages with the AI' }));
    fireEvent.input(screen.getByRole('slider', { name: /harassment threshold/ }), {
      target: { value: '0.9' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Act on sexual' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Anti-raid mode' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save moderation settings' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const sent = (calls.find((c) => c.method === 'PATCH')!.body as { moderation: Record<string, unknown> })
      .moderation;
    expect(sent).toMatchObject({
      banned: ['scam*', 'free * here'],
      escalation: {
        steps: [
          { action: 'delete' },
          { action: 'timeout', durationS: 60 },
          { action: 'timeout', durationS: 600 },
          { action: 'ban' },
        ],
      },
      ai: { enabled: true, thresholds: { harassment: 0.9, hate: 0.7, sexual: 0.8 } },
      antiRaid: { enabled: true },
    });
  });

  it('shows the review queue, approves one row and undoes another with the allow-list entry named', async () => {
    const review = [
      modAction({
        id: 5,
        rule: 'ai:harassment',
        score: 0.62,
        action: 'warn',
        reason: 'for review',
        review: true,
        message: 'meh',
      }),
      modAction({
        id: 6,
        rule: 'ai:hate',
        score: 0.55,
        action: 'warn',
        reason: 'for review',
        review: true,
        message: 'hmm',
      }),
    ];
    const calls = showStudio('/moderation', ModerationPage, '/studio/moderation', {
      'GET /api/stream/settings': settingsRoute,
      'GET /api/stream/moderation/actions': () => json(200, { actions: review, nextCursor: null }),
      'POST /api/stream/moderation/actions/5/approve': () =>
        json(200, { ...review[0], state: 'approved', review: false, reviewedBy: 'alice' }),
      'POST /api/stream/moderation/actions/6/undo': () =>
        json(200, {
          action: { ...review[1], state: 'undone', review: false },
          allowed: allowEntry({ kind: 'phrase', value: 'hmm' }),
        }),
    });
    fireEvent.click(await screen.findByRole('tab', { name: /Review queue/ }));
    const table = await screen.findByRole('table', { name: 'Messages waiting for review' });
    expect(within(table).getByText('score 0.62')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Approve action 5 on spammer' }));
    await waitFor(() => expect(screen.queryByText('meh')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Undo action 6 on spammer' }));
    expect((await screen.findByText(/Undone|Could not/)).textContent).toBe(
      'Undone. Phrase "hmm" is now allowed',
    );
    expect(await screen.findByText('Nothing to review')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/undo'))!.body).toEqual({});
  });

  it('filters the log by state and pages on', async () => {
    const urls: string[] = [];
    let pages = 0;
    showStudio('/moderation', ModerationPage, '/studio/moderation', {
      'GET /api/stream/settings': settingsRoute,
      'GET /api/stream/moderation/actions': () =>
        json(200, {
          actions: [
            modAction({
              id: 9,
              action: 'timeout',
              durationS: 60,
              state: 'failed',
              detail: 'not a moderator',
            }),
          ],
          nextCursor: pages++ < 2 ? '9' : null,
        }),
    });
    const inner = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return inner(input, init);
    });
    fireEvent.click(await screen.findByRole('tab', { name: /Log/ }));
    const table = await screen.findByRole('table', { name: 'Moderation actions, newest first' });
    expect(within(table).getByText('Timeout 60s')).toBeTruthy();
    expect(within(table).getByText('not a moderator')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'State' }), { target: { value: 'failed' } });
    await waitFor(() => expect(urls.some((u) => u.includes('state=failed'))).toBe(true));
    fireEvent.click(await screen.findByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(urls.some((u) => u.includes('cursor=9'))).toBe(true));
  });

  it('lists, adds and removes allow-list entries, checking the input first', async () => {
    let entries = [allowEntry()];
    showStudio('/moderation', ModerationPage, '/studio/moderation', {
      'GET /api/stream/settings': settingsRoute,
      'GET /api/stream/moderation/allowlist': () => json(200, { entries }),
      'POST /api/stream/moderation/allowlist': ({ body }) => {
        const entry = allowEntry(body as { kind: 'phrase'; value: string });
        entries = [...entries, entry];
        return json(201, entry);
      },
      'DELETE /api/stream/moderation/allowlist': () => new Response(null, { status: 204 }),
    });
    fireEvent.click(await screen.findByRole('tab', { name: /Allow-list/ }));
    expect(await screen.findByRole('rowheader', { name: 'evil.com' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Write what to allow')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), { target: { value: 'phrase' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Allow' }), { target: { value: 'gg ez' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('rowheader', { name: 'gg ez' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove site (host) evil.com' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'evil.com' })).toBeNull());
  });
});
