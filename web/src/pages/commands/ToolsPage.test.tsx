import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import ToolsPage from './ToolsPage';
import type { BotCounter, BotKeyword, BotQuote, QueueEntry, ViewerQueue } from './tools-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const quote = (over: Partial<BotQuote> = {}): BotQuote => ({
  id: 1,
  number: 1,
  text: 'I never miss a jump',
  author: 'rigcity',
  game: 'Celeste',
  addedBy: 'mira',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});
const keyword = (over: Partial<BotKeyword> = {}): BotKeyword => ({
  id: '66666666-6666-4666-8666-666666666666',
  pattern: 'when * stream',
  response: 'Streams are Mon/Wed/Fri, $(user)!',
  cooldownS: 30,
  minLevel: 'everyone',
  enabled: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});
const counter = (over: Partial<BotCounter> = {}): BotCounter => ({
  name: 'deaths',
  value: 7,
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});
const entry = (over: Partial<QueueEntry> = {}): QueueEntry => ({
  id: 1,
  userName: 'mira',
  platform: 'twitch',
  note: 'ranked duo',
  joinedAt: new Date(Date.now() - 90_000).toISOString(),
  pickedAt: null,
  ...over,
});
const queue = (over: Partial<ViewerQueue> = {}): ViewerQueue => ({
  open: true,
  waiting: [entry(), entry({ id: 2, userName: 'zed', platform: 'kick', note: null })],
  picked: [],
  ...over,
});

/** A preview that refuses $(bogus) at its position and otherwise echoes the template. */
const preview = ({ body }: { body: unknown }) => {
  const { template } = body as { template: string };
  const bad = template.indexOf('$(bogus)');
  return bad >= 0
    ? json(200, { ok: false, error: { message: 'Unknown variable bogus', start: bad, end: bad + 8 } })
    : json(200, { ok: true, text: template });
};

const routes = () => ({
  'GET /api/stream/quotes': () => json(200, { quotes: [quote()] }),
  'GET /api/stream/keywords': () => json(200, { keywords: [keyword()] }),
  'GET /api/stream/counters': () => json(200, { counters: [counter()] }),
  'GET /api/stream/queue': () => json(200, queue()),
  'POST /api/stream/commands/preview': preview,
});

describe('ToolsPage', () => {
  it('shows the quotes tab first, searches, and adds a quote', async () => {
    const calls = showStudio('/tools', ToolsPage, '/studio/tools', {
      ...routes(),
      'POST /api/stream/quotes': ({ body }) => json(201, quote({ ...(body as object), id: 2, number: 2 })),
    });
    expect(await screen.findByRole('rowheader', { name: '#1' })).toBeTruthy();
    expect(screen.getByText('I never miss a jump')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Quotes' }).getAttribute('aria-selected')).toBe('true');

    fireEvent.input(screen.getByRole('searchbox', { name: 'Search quotes' }), {
      target: { value: 'nothing' },
    });
    expect(await screen.findByText('No quote matches')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search quotes' }), {
      target: { value: 'celeste' },
    });
    expect(await screen.findByRole('rowheader', { name: '#1' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'New quote' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add quote' }));
    expect(await within(dialog).findByText('Write the quote')).toBeTruthy();
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Quote' }), {
      target: { value: 'Chat, that was intended' },
    });
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Author' }), {
      target: { value: 'rigcity' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add quote' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.path === '/api/stream/quotes')?.body).toEqual({
        text: 'Chat, that was intended',
        author: 'rigcity',
        game: null,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says how to add the first quote', async () => {
    showStudio('/tools', ToolsPage, '/studio/tools', {
      ...routes(),
      'GET /api/stream/quotes': () => json(200, { quotes: [] }),
    });
    expect(await screen.findByText('No quotes yet — add one here or with !quote add in chat')).toBeTruthy();
  });

  it('offers a retry when the quotes cannot be loaded', async () => {
    let fail = true;
    showStudio('/tools', ToolsPage, '/studio/tools', {
      ...routes(),
      'GET /api/stream/quotes': () =>
        fail
          ? json(500, { error: { code: 'internal', message: 'Database down.' } })
          : json(200, { quotes: [quote()] }),
    });
    expect(await screen.findByText('Could not load the quotes')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /Try again|Retry/ }));
    expect(await screen.findByRole('rowheader', { name: '#1' })).toBeTruthy();
  });

  it('opens the tab named in the URL and lists keywords', async () => {
    showStudio('/tools', ToolsPage, '/studio/tools?tab=keywords', routes());
    expect(await screen.findByRole('rowheader', { name: 'when * stream' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Keywords' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('checkbox', { name: 'Keyword when * stream enabled' })).toBeTruthy();
  });

  it('shows a keyword response that does not parse, from the preview and from the save', async () => {
    const calls = showStudio('/tools', ToolsPage, '/studio/tools?tab=keywords', {
      ...routes(),
      'POST /api/stream/keywords': () =>
        json(400, {
          error: {
            code: 'invalid_template',
            message: 'The response does not parse: unbalanced parenthesis',
            fields: {
              response: ['unbalanced parenthesis'],
              'response.start': ['3'],
              'response.end': ['5'],
            },
          },
        }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New keyword' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Pattern' }), {
      target: { value: 'discord' },
    });
    const response = within(dialog).getByRole('textbox', { name: 'Response' });
    fireEvent.input(response, { target: { value: 'Hi $(bogus)' } });
    expect(await within(dialog).findByText(/Unknown variable bogus \(at character 4\)/)).toBeTruthy();
    expect(response.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(response, { target: { value: 'Hi $(user' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add keyword' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path === '/api/stream/keywords')).toBe(true),
    );
    expect(await within(dialog).findByText('unbalanced parenthesis')).toBeTruthy();
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('lists counters, sets one inline and resets it', async () => {
    const calls = showStudio('/tools', ToolsPage, '/studio/tools?tab=counters', {
      ...routes(),
      'PUT /api/stream/counters/deaths': ({ body }) =>
        json(200, counter({ value: (body as { value: number }).value })),
    });
    expect(await screen.findByRole('rowheader', { name: 'deaths' })).toBeTruthy();
    expect(screen.getAllByText(/\$\(count deaths\)/).length).toBeGreaterThan(0);
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Value of deaths' }), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set deaths' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ value: 12 }));
    fireEvent.click(await screen.findByRole('button', { name: 'Reset deaths to 0' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ value: 0 }));
  });

  it('shows the waiting viewers in order and picks the next', async () => {
    let picked = false;
    const calls = showStudio('/tools', ToolsPage, '/studio/tools?tab=queue', {
      ...routes(),
      'GET /api/stream/queue': () =>
        json(
          200,
          picked
            ? queue({
                waiting: [entry({ id: 2, userName: 'zed', platform: 'kick', note: null })],
                picked: [entry({ pickedAt: new Date().toISOString() })],
              })
            : queue(),
        ),
      'POST /api/stream/queue/pick': () => {
        picked = true;
        return json(200, { picked: [entry({ pickedAt: new Date().toISOString() })] });
      },
    });
    const mira = await screen.findByRole('rowheader', { name: 'mira' });
    const row = mira.closest('tr')!;
    expect(within(row).getByText('1')).toBeTruthy();
    expect(within(row).getByText('Twitch')).toBeTruthy();
    expect(within(row).getByText('ranked duo')).toBeTruthy();
    expect(within(row).getByText('1m 30s')).toBeTruthy();
    expect(screen.getByRole('switch', { name: /Queue open/ }).getAttribute('aria-checked')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Pick next' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/stream/queue/pick')?.body).toEqual({
        count: 1,
        random: false,
      }),
    );
    expect(await screen.findByText('Just picked: mira')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'mira' })).toBeNull());
    expect(screen.getByRole('rowheader', { name: 'zed' })).toBeTruthy();
  });

  it('picks random viewers, closes the queue and clears it after confirmation', async () => {
    const calls = showStudio('/tools', ToolsPage, '/studio/tools?tab=queue', {
      ...routes(),
      'POST /api/stream/queue/pick': () => json(200, { picked: [] }),
      'POST /api/stream/queue/close': () => json(200, { open: false }),
      'POST /api/stream/queue/clear': () => json(200, { removed: 2 }),
    });
    await screen.findByRole('rowheader', { name: 'mira' });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'How many' }), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pick random' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/stream/queue/pick')?.body).toEqual({
        count: 2,
        random: true,
      }),
    );
    fireEvent.click(screen.getByRole('switch', { name: /Queue open/ }));
    await waitFor(() =>
      expect(screen.getByRole('switch', { name: /Queue open/ }).getAttribute('aria-checked')).toBe('false'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear queue' }));
    const confirm = await screen.findByRole('dialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Clear queue' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/stream/queue/clear')).toBe(true));
    expect(await screen.findByText(/Nobody is waiting/)).toBeTruthy();
  });
});
