import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Boundary } from './ErrorBoundary';

afterEach(cleanup);

describe('Boundary', () => {
  it('shows a friendly error with a retry, and recovers when the retry succeeds', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    const onRetry = vi.fn(() => {
      broken = false;
    });
    function Widget() {
      if (broken) throw new Error('boom');
      return <p>CPU 37%</p>;
    }

    render(() => (
      <div>
        <Boundary label="The CPU panel" onRetry={onRetry}>
          <Widget />
        </Boundary>
        <p>Memory 52%</p>
      </div>
    ));

    expect(screen.getByRole('alert').textContent).toContain('The CPU panel ran into a problem');
    expect(screen.getByText('Memory 52%')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(onRetry).toHaveBeenCalledOnce();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('CPU 37%')).toBeTruthy();
  });
});
