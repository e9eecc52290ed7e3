import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Menu } from './Menu';

afterEach(cleanup);

describe('Menu', () => {
  it('opens on ArrowDown into its first item, wraps with the arrows, runs on click and returns focus', async () => {
    const stop = vi.fn();
    const remove = vi.fn();
    render(() => (
      <Menu
        label="Actions for web"
        items={[
          { label: 'Stop', onSelect: stop },
          { label: 'Remove…', danger: true, onSelect: remove },
        ]}
      />
    ));
    const button = screen.getByRole('button', { name: 'Actions for web' });
    expect(button.getAttribute('aria-expanded')).toBe('false');

    fireEvent.keyDown(button, { key: 'ArrowDown' });
    await Promise.resolve();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Stop' }));

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Remove…' }));

    fireEvent.click(document.activeElement!);
    expect(remove).toHaveBeenCalledOnce();
    expect(stop).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes on Escape with focus back on its button', async () => {
    render(() => <Menu label="Actions" items={[{ label: 'Start', onSelect: () => {} }]} />);
    const button = screen.getByRole('button', { name: 'Actions' });
    fireEvent.click(button);
    await Promise.resolve();
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
