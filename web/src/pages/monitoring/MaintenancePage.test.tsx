import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { monitor } from '../../test/monitoring-fixtures';
import MaintenancePage from './MaintenancePage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const hour = 3_600_000;
const planned = {
  id: 'w1',
  name: 'Router swap',
  startsAt: new Date(Date.now() - hour).toISOString(),
  endsAt: new Date(Date.now() + hour).toISOString(),
  monitorIds: [monitor().id],
  tags: [],
};

describe('MaintenancePage', () => {
  it('lists windows with their state and scope, and plans one, the API’s objection under its field', async () => {
    const calls = stubFetch({
      'GET /api/maintenance': () => json(200, { windows: [planned] }),
      'GET /api/monitors': () => json(200, { monitors: [monitor()] }),
      'POST /api/maintenance': () =>
        json(400, {
          error: {
            code: 'invalid_request',
            message: 'Check the request body.',
            fields: { endsAt: ['must end after it starts'] },
          },
        }),
    });
    render(() => <Route path="/monitoring/maintenance" component={MaintenancePage} />, {
      location: '/monitoring/maintenance',
    });
    const row = (await screen.findByText('Router swap')).closest('tr')!;
    expect(within(row).getByText('On now')).toBeTruthy();
    await waitFor(() => expect(within(row).getByText('rig-city.com website')).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'New window' }));
    fireEvent.input(await screen.findByLabelText('Name'), { target: { value: 'Upgrade' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create window' }));
    await waitFor(() => expect(screen.getByText('must end after it starts')).toBeTruthy());
    const sent = calls.find((c) => c.method === 'POST')!;
    expect(sent.body).toMatchObject({ name: 'Upgrade', tags: [], monitorIds: [] });
  });
});
