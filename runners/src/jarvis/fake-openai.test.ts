import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../../e2e/fakes/openai/server';

let fake: FakeOpenAI;
let client: OpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.url, apiKey: fake.apiKey, maxRetries: 0 });
});
beforeEach(() => fake.script.reset());
afterAll(() => fake.close());

const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'container_logs',
      description: 'logs',
      parameters: { type: 'object', properties: { container: { type: 'string' } }, required: ['container'] },
    },
  },
];

describe("the fake OpenAI server's tool calls, through the official SDK", () => {
  it('answers a scripted call as message.tool_calls with finish_reason tool_calls', async () => {
    fake.script({ toolCalls: [{ name: 'container_logs', arguments: { container: 'web', lines: 50 } }] });
    const response = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'why is web down?' }],
      tools,
    });
    const choice = response.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call.id).toMatch(/^call_[0-9a-f]+$/);
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('not a function call');
    expect(call.function.name).toBe('container_logs');
    expect(JSON.parse(call.function.arguments)).toEqual({ container: 'web', lines: 50 });
  });

  it('streams calls in pieces: id and name first, the arguments split over chunks', async () => {
    fake.script({
      text: 'Let me look.',
      toolCalls: [
        { name: 'container_logs', arguments: { container: 'database-primary' } },
        { name: 'list_containers', arguments: '{}' },
      ],
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'check' }],
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: { index: number; id?: string; name?: string; arguments?: string }[] = [];
    let text = '';
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
      for (const p of choice.delta.tool_calls ?? [])
        pieces.push({ index: p.index, id: p.id, name: p.function?.name, arguments: p.function?.arguments });
    }
    expect(text).toBe('Let me look.');
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    const first = pieces.filter((p) => p.index === 0);
    expect(first[0]).toMatchObject({
      id: expect.stringMatching(/^call_/),
      name: 'container_logs',
      arguments: '',
    });
    expect(first.slice(1).every((p) => p.id === undefined && p.name === undefined)).toBe(true);
    expect(first.length).toBeGreaterThan(2);
    expect(JSON.parse(first.map((p) => p.arguments ?? '').join(''))).toEqual({
      container: 'database-primary',
    });
    expect(pieces.find((p) => p.index === 1 && p.name)?.name).toBe('list_containers');
  });

  it('records the tools and the tool messages it was sent', async () => {
    fake.script('Done.');
    await client.chat.completions.create({
      model: 'gpt-test',
      tools,
      messages: [
        { role: 'user', content: 'logs?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'container_logs', arguments: '{"container":"web"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'line one' },
      ],
    });
    const [request] = fake.chatRequests();
    expect(request!.tools?.map((t) => t.function.name)).toEqual(['container_logs']);
    expect(request!.messages[1]!.tool_calls?.[0]?.id).toBe('call_1');
    expect(request!.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'line one' });
  });

  it('still answers plain text with finish_reason stop', async () => {
    fake.script('Hello.');
    const response = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.choices[0]!.finish_reason).toBe('stop');
    expect(response.choices[0]!.message.content).toBe('Hello.');
    expect(response.choices[0]!.message.tool_calls).toBeUndefined();
  });
});
