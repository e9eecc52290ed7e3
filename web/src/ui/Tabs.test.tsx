import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { Tabs } from './Tabs';

afterEach(cleanup);

describe('Tabs', () => {
  it('has one tab stop, moves with the arrow keys, Home and End, and shows the selected panel', () => {
    const [selected, setSelected] = createSignal<'a' | 'b' | 'c'>('a');
    render(() => (
      <Tabs
        label="Views"
        tabs={[
          { id: 'a', label: 'Alpha' },
          { id: 'b', label: 'Beta' },
          { id: 'c', label: 'Gamma' },
        ]}
        selected={selected()}
        onSelect={setSelected}
      >
        {(id) => <p>Panel {id}</p>}
      </Tabs>
    ));
    const alpha = screen.getByRole('tab', { name: 'Alpha' });
    expect(alpha.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    expect(screen.getByRole('tabpanel', { name: 'Alpha' }).textContent).toBe('Panel a');

    fireEvent.keyDown(alpha, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Gamma' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel c');

    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(selected()).toBe('b');
    expect(screen.getByRole('tabpanel', { name: 'Beta' })).toBeTruthy();
  });
});
