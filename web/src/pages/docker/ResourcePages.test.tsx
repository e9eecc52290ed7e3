import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import type { Component } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, type Handler, json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import ImagesPage from './ImagesPage';
import NetworksPage from './NetworksPage';
import type { Image, Network, Volume } from './types';
import VolumesPage from './VolumesPage';

const volume = (name: string, usedBy: Volume['usedBy'] = []): Volume => ({
  name,
  driver: 'local',
  mountpoint: `/var/lib/docker/volumes/${name}/_data`,
  createdAt: '2025-01-01T00:00:00Z',
  labels: {},
  scope: 'local',
  usedBy,
});

const network = (name: string, usedBy: Network['usedBy'] = []): Network => ({
  id: `${name}-id`.padEnd(64, '0'),
  name,
  driver: 'bridge',
  scope: 'local',
  internal: false,
  subnets: ['172.18.0.0/16'],
  createdAt: '2025-01-01T00:00:00Z',
  usedBy,
});

const image = (tag: string, containers: Image['containers'] = []): Image => ({
  id: `sha256:${tag.replace(/\W/g, '')}`.padEnd(71, '0'),
  tags: [tag],
  digests: [],
  sizeBytes: 1024 * 1024,
  createdAt: '2025-01-01T00:00:00Z',
  containers,
  update: 'current',
  checkedAt: null,
});

const conflict = (message: string) => json(409, { error: { code: 'conflict', message } });

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(path: string, page: Component, routes: Record<string, Handler>) {
  const calls = stubFetch(routes);
  render(() => <Route path={path} component={page} />, { location: path });
  render(() => <ToastRegion />);
  return calls;
}

describe('VolumesPage', () => {
  it('removes a volume only after confirming, keeping the dialog open with the reason when it fails', async () => {
    let refuse = true;
    const calls = show('/docker/volumes', VolumesPage, {
      'GET /api/docker/volumes': () =>
        json(200, [volume('media', [{ id: 'j', name: 'jellyfin' }]), volume('tmp')]),
      'DELETE /api/docker/volumes/tmp': () => (refuse ? conflict('volume is busy') : json(204, null)),
    });
    await screen.findByRole('rowheader', { name: 'tmp' });

    fireEvent.click(screen.getByRole('button', { name: 'Remove volume media' }));
    expect(screen.getByRole('dialog', { name: 'Remove volume media?' }).textContent).toContain(
      'It is still used by jellyfin',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove volume tmp' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove volume tmp?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove volume' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('volume is busy');

    refuse = false;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove volume' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Volume tmp removed')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.body)).toEqual([
      { confirm: true },
      { confirm: true },
    ]);
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET').length).toBe(2));
  });

  it('prunes after confirming and says how much was freed', async () => {
    show('/docker/volumes', VolumesPage, {
      'GET /api/docker/volumes': () => json(200, [volume('tmp')]),
      'POST /api/docker/volumes/prune': () => json(200, { removed: ['a', 'b'], reclaimedBytes: 2048 }),
    });
    await screen.findByRole('rowheader', { name: 'tmp' });
    fireEvent.click(screen.getByRole('button', { name: 'Prune…' }));
    const dialog = screen.getByRole('dialog', { name: 'Prune unused volumes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Prune volumes' }));
    expect(await screen.findByText('Removed 2 volumes, 2 KB freed')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('creates a volume, showing the API field messages under their field and others on top', async () => {
    let answer = json(400, {
      error: { code: 'invalid_request', message: 'Check the fields.', fields: { name: ['Taken.'] } },
    });
    const calls = show('/docker/volumes', VolumesPage, {
      'GET /api/docker/volumes': () => json(200, []),
      'POST /api/docker/volumes': () => answer,
    });
    await screen.findByText('No volumes');
    fireEvent.click(screen.getByRole('button', { name: 'Create volume' }));
    const dialog = screen.getByRole('dialog', { name: 'Create a volume' });
    const create = within(dialog).getByRole('button', { name: 'Create volume' });

    fireEvent.click(create);
    expect(within(dialog).getByText('Give it a name.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'media' } });
    fireEvent.input(within(dialog).getByLabelText('Labels (optional)'), {
      target: { value: 'backup=nightly' },
    });
    fireEvent.click(create);
    expect(await within(dialog).findByText('Taken.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'media',
      driver: 'local',
      labels: { backup: 'nightly' },
    });

    answer = conflict('The engine said no.');
    fireEvent.click(create);
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Could not create the volume');
    expect(within(dialog).getByRole('alert').textContent).toContain('The engine said no.');

    answer = json(201, volume('media'));
    fireEvent.click(create);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Volume media created')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Create volume' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });
});

describe('NetworksPage', () => {
  it('offers no removal of built-in networks and names the containers still attached', async () => {
    const calls = show('/docker/networks', NetworksPage, {
      'GET /api/docker/networks': () =>
        json(200, [network('bridge'), network('proxy', [{ id: 'c', name: 'caddy' }])]),
      [`DELETE /api/docker/networks/${network('proxy').id}`]: () => json(204, null),
      'POST /api/docker/networks/prune': () => json(200, { removed: [], reclaimedBytes: 0 }),
    });
    await screen.findByRole('rowheader', { name: /proxy/ });
    expect(screen.queryByRole('button', { name: 'Remove network bridge' })).toBeNull();
    expect(screen.getByText('built in')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove network proxy' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove network proxy?' });
    expect(dialog.textContent).toContain('Containers are still attached (caddy)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove network' }));
    expect(await screen.findByText('Network proxy removed')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Prune…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Prune networks' }));
    expect(await screen.findByText('No unused networks')).toBeTruthy();
  });

  it('checks the subnet before sending and shows an error the API does not tie to a field on top', async () => {
    const calls = show('/docker/networks', NetworksPage, {
      'GET /api/docker/networks': () => json(200, []),
      'POST /api/docker/networks': () => conflict('network with name lan already exists'),
    });
    await screen.findByText('No networks');
    fireEvent.click(screen.getByRole('button', { name: 'Create network' }));
    const dialog = screen.getByRole('dialog', { name: 'Create a network' });
    fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'lan' } });
    fireEvent.input(within(dialog).getByLabelText('Subnet (optional)'), { target: { value: '10.0.0.0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create network' }));
    expect(within(dialog).getByText('Write it as a CIDR, e.g. 10.42.0.0/24.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.input(within(dialog).getByLabelText('Subnet (optional)'), { target: { value: '10.0.0.0/24' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create network' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'network with name lan already exists',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'lan',
      driver: 'bridge',
      internal: false,
      subnet: '10.0.0.0/24',
    });
  });
});

describe('ImagesPage', () => {
  it('sends the force and prune-all choices, each starting unticked when the dialog opens again', async () => {
    const nginx = image('nginx:1.27', [{ id: 'w', name: 'web' }]);
    const calls = show('/docker/images', ImagesPage, {
      'GET /api/docker/images': () => json(200, [nginx]),
      [`DELETE /api/docker/images/${nginx.id}`]: () => json(204, null),
      'POST /api/docker/images/prune': () => json(200, { removed: [], reclaimedBytes: 0 }),
    });
    await screen.findByRole('rowheader', { name: 'nginx:1.27' });

    fireEvent.click(screen.getByRole('button', { name: 'Remove image nginx:1.27' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove nginx:1.27?' });
    expect(dialog.textContent).toContain('1 container still uses it: web.');
    fireEvent.click(within(dialog).getByLabelText(/^Force/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove image' }));
    expect(await screen.findByText('Removed nginx:1.27')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove image nginx:1.27' }));
    expect((screen.getByLabelText(/^Force/) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    fireEvent.click(screen.getByRole('button', { name: 'Prune…' }));
    fireEvent.click(screen.getByLabelText('Also remove every image no container uses'));
    fireEvent.click(screen.getByRole('button', { name: 'Prune images' }));
    expect(await screen.findByText('Nothing to prune')).toBeTruthy();
    expect(calls.filter((c) => c.method !== 'GET').map((c) => c.body)).toEqual([
      { confirm: true, force: true },
      { confirm: true, all: true },
    ]);
  });
});
