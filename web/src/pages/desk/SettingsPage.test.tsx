import { cleanup, fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { guildId, me, showDesk } from './desk-fixtures';
import SettingsPage from './SettingsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

export const settings = {
  guildId,
  name: 'Rig City',
  level: 'admin',
  timezone: 'Europe/Berlin',
  supportHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
  outOfHoursMessage: null,
  staffRoleIds: [],
  autoCloseHours: 48,
  surveyEnabled: true,
  transcriptChannelId: null,
  logChannelId: null,
  goLiveChannelId: null,
  goLiveTemplate: '{role} {streamer} is live on {platform}: {title} {url}',
  goLiveMentionRoleId: '600000000000000001',
  goLiveLiveRoleId: null,
  goLiveDiscoverRoleId: null,
  goLiveAutoDiscover: false,
  goLiveQuietHours: null,
  goLiveEndAction: 'edit',
};
export const lookup = {
  channels: [{ id: '500000000000000001', name: 'tickets-log', type: 0, parentId: null }],
  roles: [{ id: '600000000000000001', name: 'Live alerts', color: 0 }],
};

const routes = {
  [`GET /api/desk/guilds/${guildId}`]: () => json(200, settings),
  [`GET /api/desk/guilds/${guildId}/discord`]: () => json(200, lookup),
};

describe('SettingsPage', () => {
  it('shows the API’s 400 under the field it names', async () => {
    const calls = showDesk('/:guildId/settings', SettingsPage, `/desk/${guildId}/settings`, {
      ...routes,
      [`PATCH /api/desk/guilds/${guildId}`]: () =>
        json(400, {
          error: {
            code: 'invalid_input',
            message: 'Check the highlighted fields.',
            fields: { autoCloseHours: ['Number must be at most 2160'] },
          },
        }),
    });
    const hours = await screen.findByLabelText('Auto-close after (hours without activity)');
    fireEvent.input(hours, { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Number must be at most 2160')).toBeTruthy();
    expect(hours.getAttribute('aria-invalid')).toBe('true');
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({
      autoCloseHours: 100,
      timezone: 'Europe/Berlin',
    });
  });

  it('is read-only for staff', async () => {
    showDesk(
      '/:guildId/settings',
      SettingsPage,
      `/desk/${guildId}/settings`,
      routes,
      me({
        guilds: [{ guildId, name: 'Rig City', iconUrl: null, level: 'staff' }],
      }),
    );
    expect(await screen.findByText('Read-only')).toBeTruthy();
    expect((await screen.findByLabelText('Time zone')).closest('fieldset')?.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
  });
});
