import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import FilesPage from './FilesPage';
import type { FilesConfig, UploadView } from './types';

/** The browser's XMLHttpRequest as the upload uses it: the test answers each request. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  method = '';
  url = '';
  body: FormData | null = null;
  status = 0;
  responseText = '';
  private listeners = new Map<string, (event: ProgressEvent) => void>();
  private uploadListeners = new Map<string, (event: ProgressEvent) => void>();
  upload = {
    addEventListener: (type: string, listener: (event: ProgressEvent) => void) =>
      this.uploadListeners.set(type, listener),
  };
  addEventListener(type: string, listener: (event: ProgressEvent) => void) {
    this.listeners.set(type, listener);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.listeners.get('abort')?.(new ProgressEvent('abort'));
  }
  progress(loaded: number, total: number) {
    this.uploadListeners.get('progress')?.(
      new ProgressEvent('progress', { loaded, total, lengthComputable: true }),
    );
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.listeners.get('load')?.(new ProgressEvent('load'));
  }
}

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const config: FilesConfig = {
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: [
    { mediaType: 'image/png', extensions: ['png'], label: 'PNG image' },
    { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF document' },
  ],
  scanner: 'clamd',
  storage: 'local',
};

let n = 0;
const upload = (fields: Partial<UploadView>): UploadView => ({
  id: `00000000-0000-4000-8000-00000000000${++n}`,
  name: 'photo.png',
  mediaType: 'image/png',
  sizeBytes: 2048,
  sha256: 'ab'.repeat(32),
  status: 'clean',
  verdict: null,
  storage: 'local',
  createdAt: new Date().toISOString(),
  scannedAt: new Date().toISOString(),
  uploadedBy: { id: 'u1', name: 'Evin' },
  ...fields,
});
const photo = upload({ name: 'photo.png' });
const eicar = upload({
  name: 'eicar.txt',
  mediaType: 'text/plain',
  status: 'infected',
  verdict: 'Eicar-Test-Signature',
});
const bomb = upload({
  name: 'bomb.zip',
  mediaType: 'application/zip',
  status: 'rejected',
  verdict: 'zip bomb',
});

function show(routes: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({
    'GET /api/files/config': () => json(200, config),
    'GET /api/files/uploads': () => json(200, { uploads: [photo, eicar, bomb] }),
    ...routes,
  });
  const view = render(() => <FilesPage />);
  const pick = (...files: File[]) => {
    const input = view.container.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    fireEvent.change(input);
  };
  return { calls, pick };
}

const file = (name: string, size = 100, type = 'image/png') =>
  new File([new Uint8Array(size)], name, { type });
const uploads = () => screen.getByRole('list', { name: 'Uploads in progress and finished' });

describe('FilesPage', () => {
  it('lists uploads with their status, the verdict of refused ones, and who sent them', async () => {
    show();
    const row = (name: string) => screen.getByText(name).closest('tr')!;
    await screen.findByText('photo.png');
    expect(within(row('photo.png')).getByText('Clean')).toBeTruthy();
    expect(within(row('photo.png')).getByText('Evin')).toBeTruthy();
    expect(within(row('photo.png')).getByText('PNG image')).toBeTruthy();
    expect(within(row('eicar.txt')).getByText('Infected')).toBeTruthy();
    expect(within(row('eicar.txt')).getByText('Eicar-Test-Signature')).toBeTruthy();
    expect(within(row('bomb.zip')).getByText('Rejected')).toBeTruthy();
    expect(within(row('bomb.zip')).getByText('zip bomb')).toBeTruthy();
    // Only clean files can be shared.
    expect(within(row('eicar.txt')).queryByRole('button', { name: /download link/ })).toBeNull();
    expect(screen.getByText('ClamAV daemon (clamd)')).toBeTruthy();
    expect(screen.getByText('10 MB')).toBeTruthy();
  });

  it('uploads with progress, then says clean, quarantined with the signature, or rejected with the reason', async () => {
    const { calls, pick } = show();
    await screen.findByText('photo.png');
    pick(file('cat.png'), file('virus.png'), file('archive.zip'));

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const first = FakeXhr.sent[0]!;
    expect(first.method).toBe('POST');
    expect(first.url).toBe('/api/files/uploads');
    expect((first.body!.get('file') as File).name).toBe('cat.png');
    first.progress(50, 100);
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'cat.png' }).getAttribute('aria-valuenow')).toBe('50'),
    );
    const listsBefore = calls.filter((c) => c.path === '/api/files/uploads').length;
    first.respond(201, upload({ name: 'cat.png' }));
    expect(await within(uploads()).findByText('Clean, stored')).toBeTruthy();
    await waitFor(() =>
      expect(calls.filter((c) => c.path === '/api/files/uploads').length).toBeGreaterThan(listsBefore),
    );

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    FakeXhr.sent[1]!.respond(422, {
      error: 'infected',
      message: 'ClamAV found Eicar-Test-Signature; the file is quarantined.',
      upload: upload({ name: 'virus.png', status: 'infected', verdict: 'Eicar-Test-Signature' }),
    });
    expect(await within(uploads()).findByText('Infected — quarantined')).toBeTruthy();
    expect(within(uploads()).getByText('Signature: Eicar-Test-Signature')).toBeTruthy();

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(3));
    FakeXhr.sent[2]!.respond(422, {
      error: { code: 'rejected', message: 'The archive expands too far.' },
      upload: upload({ name: 'archive.zip', status: 'rejected', verdict: 'zip bomb' }),
    });
    expect(await within(uploads()).findByText('Reason: zip bomb')).toBeTruthy();
  });

  it('explains a file too large (413) and a type not allowed (415)', async () => {
    const { pick } = show();
    await screen.findByText('photo.png');
    pick(file('big.png'), file('script.sh', 10, 'text/x-sh'));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    FakeXhr.sent[0]!.respond(413, {
      error: { code: 'too_large', message: 'The upload is larger than 10 MB.' },
    });
    expect(await within(uploads()).findByText('Too large')).toBeTruthy();
    expect(within(uploads()).getByText('The upload is larger than 10 MB. The limit is 10 MB.')).toBeTruthy();

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    FakeXhr.sent[1]!.respond(415, { error: 'type_not_allowed', message: 'A shell script is not allowed.' });
    expect(await within(uploads()).findByText('Type not allowed')).toBeTruthy();
    expect(
      within(uploads()).getByText('A shell script is not allowed. Allowed: PNG image, PDF document.'),
    ).toBeTruthy();
  });

  it('refuses a file over the limit before sending a byte', async () => {
    const { pick } = show();
    await screen.findByText('photo.png');
    pick(file('huge.png', 11 * 1024 * 1024));
    expect(await within(uploads()).findByText('Too large')).toBeTruthy();
    expect(FakeXhr.sent).toHaveLength(0);
  });

  it('refuses uploads while ClamAV is unavailable', async () => {
    show({ 'GET /api/files/config': () => json(200, { ...config, scanner: 'unavailable' }) });
    expect(await screen.findByText('ClamAV is not available')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Choose files' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('makes a download link with the chosen expiry, ready to copy', async () => {
    const { calls } = show({
      [`POST /api/files/uploads/${photo.id}/link`]: () =>
        json(201, {
          url: '/api/files/download/tok3n',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Copy a download link for photo.png' }));
    const dialog = screen.getByRole('dialog', { name: 'Download link for photo.png' });
    fireEvent.click(within(dialog).getByLabelText('24 hours'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const link = (await within(dialog).findByLabelText('Link')) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/api/files/download/tok3n`);
    expect(within(dialog).getByRole('button', { name: 'Copy download link' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ expiresInMinutes: 1440 });
  });

  it('deletes after confirmation and filters by status', async () => {
    const { calls } = show({ [`DELETE /api/files/uploads/${eicar.id}`]: () => json(204, null) });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete eicar.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete eicar.txt?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete file' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Infected' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Infected' }).getAttribute('aria-pressed')).toBe('true'),
    );
    await waitFor(() =>
      expect(calls.filter((c) => c.path === '/api/files/uploads').length).toBeGreaterThanOrEqual(3),
    );
  });
});
