import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../test/fakes';
import { LogsViewer } from './LogsViewer';
import { maxLines } from './logs';

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const id = 'abc123';
const logStream = async () => {
  await waitFor(() => FakeEventSource.find(`/containers/${id}/logs`));
  const source = FakeEventSource.find(`/containers/${id}/logs`);
  source.open();
  return source;
};
const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => ({
  stream,
  at: '2025-01-01T12:00:00Z',
  text,
});
const rows = () => screen.getByRole('log').querySelectorAll(':scope > div');

describe('LogsViewer', () => {
  it('asks for the tail with timestamps, following, and tells stderr apart for eyes and screen readers', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const source = await logStream();
    expect(source.url).toBe(`/api/docker/containers/${id}/logs?tail=500&timestamps=true&follow=true`);
    source.emit('line', line('\u001b[32mready\u001b[0m'));
    source.emit('line', line('disk full', 'stderr'));

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]!.textContent).toContain('ready');
    expect(rows()[0]!.textContent).not.toContain('[32m');
    expect(rows()[1]!.textContent).toContain('stderr: disk full');
    expect(rows()[1]!.querySelector('.sr-only')?.textContent).toBe('stderr: ');
    expect(rows()[0]!.querySelector('.sr-only')).toBeNull();
  });

  it('filters by the search and highlights every match', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const source = await logStream();
    for (const text of ['GET /health 200', 'Error: timeout; error again', 'done'])
      source.emit('line', line(text));
    await waitFor(() => expect(rows()).toHaveLength(3));

    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'error' } });
    expect(rows()).toHaveLength(1);
    expect([...rows()[0]!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Error', 'error']);
    expect(screen.getByText('1 of 3 lines match')).toBeTruthy();
  });

  it('reconnects with the new options and an empty view when the tail changes', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const first = await logStream();
    first.emit('line', line('old'));
    await waitFor(() => expect(rows()).toHaveLength(1));

    fireEvent.change(screen.getByLabelText('Tail'), { target: { value: '100' } });
    await waitFor(() => expect(first.readyState).toBe(FakeEventSource.CLOSED));
    const second = await logStream();
    expect(second.url).toContain('tail=100');
    expect(screen.getByRole('log').textContent).not.toContain('old');
  });

  it('stops at `end` instead of letting the browser reconnect and replay', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const source = await logStream();
    source.emit('line', line('bye'));
    source.emit('end', {});
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    await screen.findByText('The log stream ended (the container stopped).');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('stops following while you read further up, and counts what arrived meanwhile', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const source = await logStream();
    const box = screen.getByRole('log');
    Object.defineProperty(box, 'scrollHeight', { configurable: true, value: 2000 });
    Object.defineProperty(box, 'clientHeight', { configurable: true, value: 400 });

    box.scrollTop = 300;
    fireEvent.scroll(box);
    source.emit('line', line('one'));
    source.emit('line', line('two'));
    const jump = await screen.findByRole('button', { name: 'Jump to latest (2 new)' });
    expect(box.scrollTop).toBe(300);

    fireEvent.click(jump);
    expect(box.scrollTop).toBe(2000);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('keeps at most its limit of lines on the page (5,000 unless told otherwise)', async () => {
    expect(maxLines).toBe(5000);
    render(() => <LogsViewer containerId={id} name="web" limit={50} />);
    const source = await logStream();
    for (let i = 0; i < 60; i++) source.emit('line', line(`line ${i}`));
    await waitFor(() => expect(screen.getByText(/10 older ones left the page/)).toBeTruthy());
    expect(rows()).toHaveLength(50);
    expect(rows()[0]!.textContent).toContain('line 10');
  });

  it('offers the download with the same tail and timestamps', async () => {
    render(() => <LogsViewer containerId={id} name="web" />);
    const link = screen.getByRole('link', { name: 'Download' });
    expect(link.getAttribute('href')).toBe(
      `/api/docker/containers/${id}/logs/download?tail=500&timestamps=true`,
    );
    expect(link.getAttribute('download')).toBe('web.log');
  });
});
