import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../../e2e/fakes/openai/server';

let fake: FakeOpenAI;
let client: OpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.url, apiKey: fake.apiKey, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('the fake OpenAI server, through the official SDK', () => {
  it('streams chunks with usage in the last chunk when asked', async () => {
    fake.script('Cats sleep about 70 percent of their lives.');
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'fact' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Cats sleep about 70 percent of their lives.');
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('scores moderation inputs as scripted and fails like OpenAI', async () => {
    fake.script.moderation(/awful/i, { harassment: 0.9 });
    const { results } = await client.moderations.create({
      model: 'omni-moderation-latest',
      input: ['fine', 'awful'],
    });
    expect(results.map((r) => r.flagged)).toEqual([false, true]);
    expect(results[1]!.category_scores.harassment).toBe(0.9);
    fake.script({ fail: 'quota' });
    const error = await client.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('insufficient_quota');
    const wrong = new OpenAI({ baseURL: fake.url, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrong.moderations.create({ input: 'x' })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(fake.requests.at(-1)!.authorization).toBe('Bearer sk-wrong');
  });
});
