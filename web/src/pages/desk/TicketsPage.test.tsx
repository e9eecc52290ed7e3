import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakes';
import { guildId, requestedUrls, showDesk, ticket } from './desk-fixtures';
import TicketsPage from './TicketsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const categoryId = '55555555-5555-4555-8555-555555555555';
const ticketsPath = `/api/desk/guilds/${guildId}/tickets`;
const listQueries = () =>
  requestedUrls()
    .filter((url) => new URL(url, 'http://localhost').pathname === ticketsPath)
    .map((url) => Object.fromEntries(new URL(url, 'http://localhost').searchParams));

function show() {
  return showDesk('/:guildId', TicketsPage, `/desk/${guildId}`, {
    [`GET ${ticketsPath}`]: () => json(200, { tickets: [ticket()], nextBefore: 42 }),
    [`GET /api/desk/guilds/${guildId}/categories`]: () =>
      json(200, { categories: [{ id: categoryId, name: 'Billing', form: [], position: 0 }] }),
  });
}

describe('TicketsPage', () => {
  it('asks for the chosen status, category, priority and search, and loads more by number', async () => {
    show();
    expect(await screen.findByRole('link', { name: 'Cannot join the server voice' })).toBeTruthy();
    expect(listQueries()[0]).toEqual({ status: 'active' });

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'closed' } });
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ status: 'closed' }));

    await screen.findByRole('option', { name: 'Billing' });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: categoryId } });
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ status: 'closed', categoryId }));

    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'urgent' } });
    await waitFor(() =>
      expect(listQueries().at(-1)).toEqual({ status: 'closed', categoryId, priority: 'urgent' }),
    );

    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'voice' } });
    await waitFor(() =>
      expect(listQueries().at(-1)).toEqual({ status: 'closed', categoryId, priority: 'urgent', q: 'voice' }),
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ q: 'voice', before: '42' }));
  });
});
