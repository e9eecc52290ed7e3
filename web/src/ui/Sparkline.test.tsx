import { cleanup, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { Sparkline } from './Sparkline';

afterEach(cleanup);

describe('Sparkline', () => {
  it('names the chart with the latest value and follows new data', () => {
    const [values, setValues] = createSignal<number[]>([]);
    render(() => <Sparkline label="CPU usage" values={values()} max={100} format={(v) => `${v}%`} />);
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('CPU usage: no data yet');

    setValues([12, 80, 37]);
    expect(chart.getAttribute('aria-label')).toBe('CPU usage: latest 37%, peak 80% over the last 3 samples');
    expect(chart.querySelectorAll('path')[1]?.getAttribute('d')).toMatch(/^M/);

    setValues([12, 80, 37, 55]);
    expect(screen.getByRole('img', { name: /latest 55%/ })).toBe(chart);
  });
});
