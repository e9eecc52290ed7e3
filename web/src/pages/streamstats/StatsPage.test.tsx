import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './api';
import StatsPage from './StatsPage';

vi.mock('./api');

const session: api.StreamSession = {
  id: 's1',
  channelId: 'c1',
  platform: 'twitch',
  startedAt: '2025-01-10T18:00:00Z',
  endedAt: '2025-01-10T20:00:00Z',
  title: 'Speedrun',
  game: 'Celeste',
  peakViewers: 40,
  avgViewers: 20,
  messages: 120,
  chatters: 12,
  newFollowers: 3,
  newSubs: 2,
};
const quietDay = (day: string): api.StatsDay => ({
  day,
  streams: 0,
  hours: 0,
  avgViewers: null,
  peakViewers: 0,
  messages: 0,
  chatters: 0,
  followers: 0,
  subs: 0,
});
const overview: api.StatsOverview = {
  days: [
    { ...quietDay('2025-01-09'), streams: 1, hours: 2, avgViewers: 18, peakViewers: 35, messages: 90 },
    quietDay('2025-01-10'),
    {
      ...quietDay('2025-01-11'),
      streams: 1,
      hours: 3,
      avgViewers: 22,
      peakViewers: 41,
      messages: 150,
      chatters: 14,
      followers: 5,
      subs: 1,
    },
  ],
  topChatters: [{ userName: 'grace', messages: 44 }],
  commands: [
    { command: 'lurk', uses: 12 },
    { command: 'discord', uses: 3 },
  ],
};
const summary = {
  topChatters: [{ userName: 'ada', messages: 30 }],
  commands: [{ command: 'uptime', uses: 4 }],
};

afterEach(cleanup);

describe('StatsPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.getOverview).mockResolvedValue({ days: [], topChatters: [], commands: [] });
    vi.mocked(api.getSession).mockResolvedValue({
      session,
      samples: [{ at: '2025-01-10T18:01:00Z', viewers: 10, messages: 5, chatters: 3 }],
      summary,
    });
  });

  it('shows the empty states when nothing streamed yet', async () => {
    vi.mocked(api.getLive).mockResolvedValue([]);
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [], nextCursor: null });
    render(() => <StatsPage />);
    expect(await screen.findByText('Not live')).toBeTruthy();
    expect(await screen.findByText('No streams yet')).toBeTruthy();
  });

  it('shows the live card and opens a stream with its top chatters and commands', async () => {
    vi.mocked(api.getLive).mockResolvedValue([
      {
        ...session,
        endedAt: null,
        latest: { at: '2025-01-10T18:05:00Z', viewers: 33, messages: 7, chatters: 4 },
      },
    ]);
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [session], nextCursor: null });
    render(() => <StatsPage />);
    expect(await screen.findByText('33')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: /Speedrun/ }));
    expect(await screen.findByText('ada')).toBeTruthy();
    expect(await screen.findByText('!uptime')).toBeTruthy();
  });

  it('shows an error with a retry when the streams fail to load', async () => {
    vi.mocked(api.getLive).mockResolvedValue([]);
    vi.mocked(api.listSessions).mockRejectedValue(new Error('down'));
    render(() => <StatsPage />);
    expect(await screen.findByRole('button', { name: /try again|retry/i })).toBeTruthy();
  });

  it('charts the range per day, with top commands ranked, and refetches when the range changes', async () => {
    vi.mocked(api.getLive).mockResolvedValue([]);
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [], nextCursor: null });
    vi.mocked(api.getOverview).mockResolvedValue(overview);
    render(() => <StatsPage />);
    expect(
      await screen.findByRole('img', {
        name: /^Viewers per day over the last 3 days \(peak 41\), latest: Average 22, Peak 41$/,
      }),
    ).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Chat messages per day .*\(240 in total\)/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Chatters per day .*latest: Chatters 14$/ })).toBeTruthy();
    expect(
      screen.getByRole('img', {
        name: /^Growth .*\(5 new followers, 1 new subs\), latest: Followers 5, Subs 1$/,
      }),
    ).toBeTruthy();
    const commands = screen.getByRole('list', { name: 'Top commands' });
    expect(
      within(commands)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['1. !lurk12 uses', '2. !discord3 uses']);
    expect(vi.mocked(api.getOverview).mock.calls.map((c) => c[0])).toEqual([30]);

    const week = screen.getByRole('button', { name: '7 days' });
    expect(week.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(week);
    expect(await screen.findByRole('heading', { name: 'Last 7 days' })).toBeTruthy();
    expect(week.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() => expect(vi.mocked(api.getOverview).mock.calls.map((c) => c[0])).toEqual([30, 7, 90]));
  });

  it('says so when the range has no streams, and keeps the range switch', async () => {
    vi.mocked(api.getLive).mockResolvedValue([]);
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [session], nextCursor: null });
    vi.mocked(api.getOverview).mockResolvedValue({
      days: Array.from({ length: 30 }, (_, i) => quietDay(`2025-01-${String(i + 1).padStart(2, '0')}`)),
      topChatters: [],
      commands: [],
    });
    render(() => <StatsPage />);
    expect(await screen.findByText('No streams in the last 30 days')).toBeTruthy();
    expect(screen.queryByRole('img', { name: /Viewers per day/ })).toBeNull();
    expect(screen.getByRole('button', { name: '90 days' })).toBeTruthy();
  });

  it('compares the last streams, oldest to newest', async () => {
    vi.mocked(api.getLive).mockResolvedValue([]);
    vi.mocked(api.listSessions).mockResolvedValue({
      sessions: [
        { ...session, id: 's2', avgViewers: 31, messages: 300 },
        { ...session, avgViewers: null, messages: 0 },
      ],
      nextCursor: null,
    });
    render(() => <StatsPage />);
    expect(
      await screen.findByRole('img', {
        name: 'Average viewers of the last 2 streams, latest: Avg viewers 31',
      }),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Messages of the last 2 streams, latest: Messages 300' }),
    ).toBeTruthy();
  });
});
