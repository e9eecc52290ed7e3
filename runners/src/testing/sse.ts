/** Reads a Server-Sent Events response event by event, for tests of streaming routes. */

export type SseEvent = { event: string; data: string };

export function sseReader(response: Response) {
  if (!response.body) throw new Error(`no body (status ${response.status})`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';

  async function block(deadline: number): Promise<string | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return text;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('timed out waiting for an SSE event')),
          deadline - Date.now(),
        );
      });
      const { done, value } = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  }

  return {
    /** The next event (comments skipped) named `name` if given; null when the stream ended. */
    async next(name?: string, timeoutMs = 5_000): Promise<SseEvent | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await block(deadline);
        if (text === null) return null;
        let event = 'message';
        const data: string[] = [];
        for (const line of text.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length === 0 && event === 'message') continue;
        if (name && event !== name) continue;
        return { event, data: data.join('\n') };
      }
    },
    /** Its JSON data, for the common case. */
    async json<T = unknown>(name: string, timeoutMs?: number): Promise<T> {
      const event = await this.next(name, timeoutMs);
      if (!event) throw new Error(`the stream ended before a "${name}" event`);
      return JSON.parse(event.data) as T;
    },
    /** Raw text of the next block, comments included. */
    rawBlock: (timeoutMs = 5_000) => block(Date.now() + timeoutMs),
    close: () => reader.cancel().catch(() => {}),
  };
}
