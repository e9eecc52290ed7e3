import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { FakeEventSource } from '../test/fakes';
import { createEventStream, createSseParser, postEventStream, type SseMessage } from './sse';

afterEach(() => vi.unstubAllGlobals());

const parse = (chunks: string[]) => {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return messages;
};

describe('createSseParser', () => {
  it('reads named events whose lines are split anywhere across chunks', () => {
    expect(parse(['event: prog', 'ress\ndata: {"id":', '"a"}\n', '\nevent: done\ndata: {}\n\n'])).toEqual([
      { event: 'progress', data: '{"id":"a"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('treats a CRLF split between two chunks as one line break, not an empty line', () => {
    expect(parse(['data: one\r', '\ndata: two\r\n\r\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('skips comments, keeps multi-line data, and flushes a last event without its blank line', () => {
    expect(parse([': keep-alive\n\nevent: line\ndata: a\ndata: b'])).toEqual([
      { event: 'line', data: 'a\nb' },
    ]);
  });
});

describe('createEventStream', () => {
  it('calls onReconnect on every open but the first, when events may have been missed', () => {
    FakeEventSource.install();
    const onOpen = vi.fn();
    const onReconnect = vi.fn();
    const dispose = createRoot((dispose) => {
      createEventStream({ url: () => '/api/docker/events', events: {}, onOpen, onReconnect });
      return dispose;
    });
    const stream = FakeEventSource.find('/api/docker/events');
    stream.open();
    expect([onOpen.mock.calls.length, onReconnect.mock.calls.length]).toEqual([1, 0]);
    stream.open();
    expect([onOpen.mock.calls.length, onReconnect.mock.calls.length]).toEqual([2, 1]);
    dispose();
  });
});

describe('postEventStream', () => {
  it('posts JSON and hands over every event of the streamed answer', async () => {
    const body = 'event: progress\ndata: {"n":1}\n\nevent: done\ndata: {"n":2}\n\n';
    const fetchMock = vi.fn(
      async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const seen: SseMessage[] = [];
    await postEventStream('/api/docker/images/pull', { reference: 'nginx' }, (m) => seen.push(m));
    expect(seen.map((m) => m.event)).toEqual(['progress', 'done']);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ reference: 'nginx' });
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
  });

  it('throws the API error, fields included, before reading any event', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          {
            error: {
              code: 'invalid_request',
              message: 'Check the image.',
              fields: { reference: ['Not valid.'] },
            },
          },
          { status: 400 },
        ),
      ),
    );
    const onMessage = vi.fn();
    const failing = postEventStream('/api/docker/images/pull', { reference: 'Bad Ref' }, onMessage);
    await expect(failing).rejects.toBeInstanceOf(ApiError);
    await expect(failing).rejects.toMatchObject({ status: 400, fields: { reference: 'Not valid.' } });
    expect(onMessage).not.toHaveBeenCalled();
  });
});
