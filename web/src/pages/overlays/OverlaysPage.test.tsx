import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { showStudio } from '../stream/studio-fixtures';
import OverlaysPage from './OverlaysPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const follow = { text: '{user} just followed!', durationMs: 5_000, animation: 'pop', volume: 0.6 };
const state = {
  url: 'https://hub.example/overlay/old',
  rotatedAt: '2025-01-01T00:00:00.000Z',
  templates: [
    { kind: 'follow', enabled: true, template: follow },
    { kind: 'raid', enabled: true, template: { ...follow, text: '{user} raids with {viewers}!' } },
  ],
};

describe('OverlaysPage', () => {
  it('previews a template as it is edited, saves it and sends a test alert', async () => {
    const calls = showStudio('/overlays', OverlaysPage, '/studio/overlays', {
      'GET /api/stream/overlays': () => json(200, state),
      'PUT /api/stream/overlays/templates/follow': ({ body }) =>
        json(200, { kind: 'follow', ...(body as object) }),
      'POST /api/stream/overlays/test': () => json(202, { event: {} }),
    });
    const preview = await screen.findByTestId('alert-preview');
    expect(within(preview).getByText('TestViewer just followed!')).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: /Text/ }), { target: { value: 'Welcome {user}!' } });
    expect(within(preview).getByText('Welcome TestViewer!')).toBeTruthy();
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Duration (seconds)' }), {
      target: { value: '90' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('From 1 to 60 seconds')).toBeTruthy();
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Duration (seconds)' }), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      template: { text: 'Welcome {user}!', durationMs: 3_000, animation: 'pop', volume: 0.6 },
      enabled: true,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send test alert' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/stream/overlays/test')?.body).toEqual({ kind: 'follow' }),
    );
  });

  it('rotates the URL only after confirming', async () => {
    const calls = showStudio('/overlays', OverlaysPage, '/studio/overlays', {
      'GET /api/stream/overlays': () => json(200, state),
      'POST /api/stream/overlays/rotate': () =>
        json(200, { url: 'https://hub.example/overlay/new', rotatedAt: '2025-01-02T00:00:00.000Z' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate URL' }));
    const dialog = await screen.findByRole('dialog');
    expect(calls.some((c) => c.path.endsWith('/rotate'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate URL' }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/rotate'))).toBe(true));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
