import { Route } from '@solidjs/router';
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { FilesCard } from './FilesCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const config = { maxBytes: 1024, allowedTypes: [], scanner: 'clamd', storage: 'local' };
const upload = (name: string, status: string) => ({
  id: `00000000-0000-4000-8000-${name.length.toString().padStart(12, '0')}`,
  name,
  mediaType: 'image/png',
  sizeBytes: 100,
  sha256: 'a'.repeat(64),
  status,
  verdict: null,
  storage: 'local',
  createdAt: new Date().toISOString(),
  scannedAt: null,
  uploadedBy: null,
});

const show = () => render(() => <Route path="/" component={() => <FilesCard />} />, { location: '/' });

describe('FilesCard', () => {
  it('lists recent uploads and counts the quarantined ones', async () => {
    // The card asks for the latest uploads and, apart, for the infected ones.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
      if (url.pathname === '/api/files/config') return json(200, config);
      return json(200, {
        uploads:
          url.searchParams.get('status') === 'infected'
            ? [upload('bad.zip', 'infected')]
            : [upload('cat.png', 'clean'), upload('bad.zip', 'infected')],
      });
    });
    show();
    const recent = await screen.findByRole('list', { name: 'Recent uploads' });
    expect(within(recent).getByText('cat.png')).toBeTruthy();
    expect(screen.getByText(/1 quarantined file/)).toBeTruthy();
  });

  it('says uploads are refused while ClamAV is unavailable', async () => {
    stubFetch({
      'GET /api/files/config': () => json(200, { ...config, scanner: 'unavailable' }),
      'GET /api/files/uploads': () => json(200, { uploads: [] }),
    });
    show();
    expect(await screen.findByText('Uploads refused')).toBeTruthy();
    expect(screen.getByText('No uploads yet.')).toBeTruthy();
  });
});
