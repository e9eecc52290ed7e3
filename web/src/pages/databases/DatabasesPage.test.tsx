import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instance, postgresTemplate } from '../../test/database-fixtures';
import { FakeEventSource, json, stubFetch } from '../../test/fakes';
import DatabasesPage from './DatabasesPage';

const engine = { status: 'connected', since: '2025-01-01T00:00:00Z' };
const pg = instance({ name: 'pg' });

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(extra: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({
    'GET /api/databases/templates': () => json(200, { templates: [postgresTemplate] }),
    'GET /api/databases/instances': () => json(200, { engine, instances: [pg] }),
    ...extra,
  });
  render(() => <DatabasesPage />);
  return calls;
}

describe('DatabasesPage', () => {
  it('deletes only after the name is typed, sending the volume choice', async () => {
    const calls = show({ [`DELETE /api/databases/instances/${pg.id}`]: () => json(204, null) });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete pg' }));

    const dialog = screen.getByRole('dialog', { name: 'Delete pg?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete database' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(within(dialog).getByLabelText(/Type pg to confirm/), { target: { value: 'pg' } });
    fireEvent.click(within(dialog).getByLabelText('Also delete the data volume and every backup'));
    fireEvent.click(confirm);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'DELETE')?.body).toEqual({ confirm: 'pg', removeVolume: true });
  });

  it('deploys with field errors from the API, ticks the steps live, then shows the connection string masked', async () => {
    let attempt = 0;
    const deploying = instance({
      id: '22222222-2222-4222-8222-222222222222',
      name: 'orders',
      status: 'deploying',
      live: null,
    });
    const calls = show({
      'POST /api/databases/instances': () =>
        ++attempt === 1
          ? json(400, {
              error: {
                code: 'invalid_request',
                message: 'Check the form.',
                fields: { name: ['is already taken'] },
              },
            })
          : json(202, { instance: deploying }),
      [`GET /api/databases/instances/${deploying.id}/credentials`]: () =>
        json(200, {
          connectionString: 'postgres://app:s3cret@127.0.0.1:5432/app',
          internalConnectionString: 'postgres://app:s3cret@hl-db-orders:5432/app',
          host: '127.0.0.1',
          port: 5432,
          username: 'app',
          password: 's3cret',
          database: 'app',
        }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Deploy PostgreSQL' }));
    const dialog = screen.getByRole('dialog', { name: 'Deploy PostgreSQL' });
    const name = within(dialog).getByLabelText('Name') as HTMLInputElement;
    expect(name.value).toBe('postgres');

    // A client-side hint first: exposing it needs a valid port.
    fireEvent.click(within(dialog).getByLabelText(/This server only/));
    fireEvent.input(within(dialog).getByLabelText('Port on this server'), { target: { value: '80' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(within(dialog).getByText('A port from 1024 to 65535.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    // Then the API's own verdict, shown on the field it names.
    fireEvent.input(within(dialog).getByLabelText('Port on this server'), { target: { value: '15432' } });
    fireEvent.input(name, { target: { value: 'orders' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    await within(dialog).findByText('is already taken');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      template: 'postgres',
      name: 'orders',
      version: '17',
      expose: 'localhost',
      hostPort: 15432,
      memoryMb: 512,
      cpus: 1,
      username: 'app',
      databaseName: 'app',
    });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    const steps = await screen.findByRole('list', { name: 'Deploy steps' });
    const events = FakeEventSource.find('/api/databases/events');
    const progress = (step: string, message: string, extra = {}) =>
      events.emit('progress', {
        instanceId: deploying.id,
        step,
        message,
        at: '2025-01-01T00:00:00Z',
        ...extra,
      });
    progress('image', 'Pulling the image');
    progress('network', 'Created the network');
    await waitFor(() => expect(steps.textContent).toContain('Create the network: in progress'));
    expect(steps.textContent).toContain('Get the image: done');
    expect(steps.textContent).toContain('Start the container: to do');

    progress('done', 'orders is running', { done: true });
    events.emit('instance', { instance: { ...deploying, status: 'running' } });
    await screen.findByRole('dialog', { name: 'orders is running' });

    fireEvent.click(screen.getByRole('button', { name: 'Show connection details' }));
    const masked = await screen.findByText('postgres://app:••••••••@127.0.0.1:5432/app');
    expect(masked).toBeTruthy();
    expect(screen.queryByText(/s3cret/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show password' }));
    expect(screen.getByText('postgres://app:s3cret@127.0.0.1:5432/app')).toBeTruthy();
  });
});
