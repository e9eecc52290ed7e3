import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import TimersPage from './TimersPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const timer = {
  id: '66666666-6666-4666-8666-666666666666',
  name: 'Socials',
  message: 'Follow on all platforms!',
  intervalS: 900,
  minLines: 5,
  onlineOnly: true,
  platforms: ['twitch', 'kick'],
  enabled: true,
  lastRunAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('TimersPage', () => {
  it('lists timers and edits one with the message preview and inline errors', async () => {
    const calls = showStudio('/timers', TimersPage, '/studio/timers', {
      'GET /api/stream/timers': () => json(200, { timers: [timer] }),
      'POST /api/stream/commands/preview': ({ body }) => {
        const { template } = body as { template: string };
        return template.includes('$(')
          ? json(200, {
              ok: false,
              error: { message: 'Unclosed $(', start: template.indexOf('$('), end: template.length },
            })
          : json(200, { ok: true, text: template });
      },
      [`PATCH /api/stream/timers/${timer.id}`]: ({ body }) => json(200, { ...timer, ...(body as object) }),
    });
    expect(await screen.findByRole('rowheader', { name: 'Socials' })).toBeTruthy();
    expect(screen.getByText('15m')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit timer Socials' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(dialog).getByTestId('preview-text').textContent).toBe('Follow on all platforms!'),
    );
    const message = within(dialog).getByRole('textbox', { name: 'Message' });
    fireEvent.input(message, { target: { value: 'Oops $(user' } });
    expect(await within(dialog).findByText(/Unclosed \$\( \(at character 6\)/)).toBeTruthy();
    fireEvent.input(message, { target: { value: 'Hydrate!' } });
    await waitFor(() => expect(within(dialog).getByTestId('preview-text').textContent).toBe('Hydrate!'));
    fireEvent.input(within(dialog).getByRole('spinbutton', { name: 'Every (minutes)' }), {
      target: { value: '0' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save timer' }));
    expect(await within(dialog).findByText('From 1 to 1440 minutes')).toBeTruthy();
    fireEvent.input(within(dialog).getByRole('spinbutton', { name: 'Every (minutes)' }), {
      target: { value: '20' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save timer' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({
        message: 'Hydrate!',
        intervalS: 1200,
      }),
    );
  });

  it('shows an empty state', async () => {
    showStudio('/timers', TimersPage, '/studio/timers', {
      'GET /api/stream/timers': () => json(200, { timers: [] }),
    });
    expect(await screen.findByText('No timers yet')).toBeTruthy();
  });
});
