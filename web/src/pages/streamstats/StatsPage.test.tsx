import { fireEvent, render, screen } from '@solidjs/testing-library';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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
const summary = {
  topChatters: [{ userName: 'ada', messages: 30 }],
  commands: [{ command: 'uptime', uses: 4 }],
};

describe('StatsPage', () => {
  beforeEach(() => {
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
});
