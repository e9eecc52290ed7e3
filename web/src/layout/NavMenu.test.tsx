import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setCurrentUser } from '../auth/session';
import { NavMenu } from './NavMenu';

afterEach(() => {
  cleanup();
  setCurrentUser(null);
});

function show(location: string, role: string) {
  setCurrentUser({ id: 'u1', username: 'ada', role } as Parameters<typeof setCurrentUser>[0] & object);
  render(() => <Route path="*" component={() => <NavMenu />} />, { location });
}

describe('NavMenu', () => {
  it('opens a group to show its pages and closes it with Escape, focus back on the button', async () => {
    show('/', 'owner');
    const home = await screen.findByRole('button', { name: 'Home' });
    expect(home.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('link', { name: 'Smart home' })).toBeNull();

    fireEvent.click(home);
    expect(home.getAttribute('aria-expanded')).toBe('true');
    const link = screen.getByRole('link', { name: 'Smart home' });
    expect(link.getAttribute('href')).toBe('/smarthome');

    link.focus();
    fireEvent.keyDown(link, { key: 'Escape' });
    expect(screen.queryByRole('link', { name: 'Smart home' })).toBeNull();
    expect(document.activeElement).toBe(home);
  });

  it('marks the group of the current page', async () => {
    show('/docker/images', 'owner');
    expect((await screen.findByRole('button', { name: 'Infrastructure' })).className).toContain(
      'shadow-glow',
    );
    expect(screen.getByRole('button', { name: 'Home' }).className).not.toContain('shadow-glow');
  });

  it('shows the ticket desk to owners and admins only', async () => {
    show('/', 'viewer');
    await screen.findByRole('link', { name: 'Settings' });
    expect(screen.queryByRole('link', { name: 'Ticket desk' })).toBeNull();
    cleanup();
    show('/', 'admin');
    expect((await screen.findByRole('link', { name: 'Ticket desk' })).getAttribute('href')).toBe('/desk');
  });
});
