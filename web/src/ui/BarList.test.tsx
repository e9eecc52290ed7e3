import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { BarList } from './BarList';

afterEach(cleanup);

describe('BarList', () => {
  it('lists the items in rank order with their amounts as text, bars sized against the largest', () => {
    render(() => (
      <BarList
        title="Top commands"
        items={[
          { label: '!uptime', value: 40 },
          { label: '!song', value: 10 },
        ]}
        format={(v) => `${v} uses`}
        empty="No commands used."
      />
    ));
    const list = screen.getByRole('list', { name: 'Top commands' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['1. !uptime40 uses', '2. !song10 uses']);
    const bars = list.querySelectorAll<HTMLElement>('[aria-hidden="true"] > div');
    expect([...bars].map((b) => b.style.width)).toEqual(['100%', '25%']);
  });

  it('says so when there is nothing to rank', () => {
    render(() => <BarList title="Top commands" items={[]} format={String} empty="No commands used." />);
    expect(screen.getByText('No commands used.')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });
});
