/**
 * An OpenAI-compatible API, written from OpenAI's API reference: POST /v1/chat/completions (a JSON
 * `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk` events ending in
 * `data: [DONE]`, usage in a last chunk with empty choices when `stream_options.include_usage`), with
 * function tool calls when scripted (`message.tool_calls` and `finish_reason: 'tool_calls'`; streamed
 * as `delta.tool_calls` pieces: id and name first, the arguments string split over chunks), and
 * POST /v1/moderations (`results[]` with `flagged`, `categories` and `category_scores`). Bearer keys
 * are checked like OpenAI does (401 `invalid_api_key`). Tests script the replies (a queue or a
 * function of the request), the moderation scores per input text, failures (429
 * `insufficient_quota`, 401, 500, a malformed body) and delays, and read the requests it received.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChatMessage = {
  role: 'system' | 'user' | 'assistant' | 'developer' | 'tool';
  /** Typed as text for the tests reading prompts; an assistant message that only calls tools carries null. */
  content: string;
  /** assistant: the calls it made, echoed back by the client. */
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  /** tool: the call this message answers. */
  tool_call_id?: string;
};
export type ChatTool = {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
};
export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  tools?: ChatTool[];
  temperature?: number;
  [key: string]: unknown;
};
export type ModerationRequest = { model?: string; input: string | string[] };

/** A failure the fake answers with instead of a completion. */
export type FakeFailure = 'quota' | 'rate_limit' | 'unauthorized' | 'server_error' | 'malformed';
/** A function call the model makes; `arguments` is sent as given (a string) or as JSON. */
export type ScriptedToolCall = { name: string; arguments: string | Record<string, unknown> };
/**
 * One scripted answer: text (usage counted from it), tool calls (with optional text before them),
 * or a failure, optionally after `delayMs`.
 */
export type ScriptedReply =
  | string
  | { text: string; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } }
  | {
      toolCalls: ScriptedToolCall[];
      text?: string;
      delayMs?: number;
      usage?: { prompt_tokens: number; completion_tokens: number };
    }
  | { fail: FakeFailure; delayMs?: number };

export type RecordedRequest = {
  path: string;
  authorization: string | null;
  body: ChatRequest | ModerationRequest;
};

/** The 13 categories OpenAI's omni-moderation model scores. */
export const moderationCategories = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;
export type ModerationCategory = (typeof moderationCategories)[number];

const failures: Record<FakeFailure, { status: number; error: Record<string, unknown> } | null> = {
  quota: {
    status: 429,
    error: {
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  },
  rate_limit: {
    status: 429,
    error: {
      message: 'Rate limit reached for requests. Please try again in 20s.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  },
  unauthorized: {
    status: 401,
    error: {
      message: 'Incorrect API key provided.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  },
  server_error: {
    status: 500,
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    },
  },
  malformed: null,
};

// OpenAI counts tokens with tiktoken; about four characters a token is what its docs estimate.
const countTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startFakeOpenAI(options: { apiKey?: string } = {}) {
  const apiKey = options.apiKey ?? `sk-fake-${randomBytes(12).toString('hex')}`;
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let replyFn: ((request: ChatRequest) => ScriptedReply) | null = null;
  let fallbackReply: ScriptedReply = 'Fun fact: honey never spoils.';
  const moderation: { match: string | RegExp; scores: Partial<Record<ModerationCategory, number>> }[] = [];
  let moderationDelayMs = 0;
  let moderationFailure: FakeFailure | null = null;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: failures.server_error!.error });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://openai.invalid');
    const raw = await readBody(req);
    if (req.method !== 'POST' || !['/v1/chat/completions', '/v1/moderations'].includes(url.pathname))
      return send(res, 404, {
        error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error' },
      });
    const authorization = req.headers.authorization ?? null;
    let body: ChatRequest & ModerationRequest;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, {
        error: {
          message: 'We could not parse the JSON body of your request.',
          type: 'invalid_request_error',
        },
      });
    }
    requests.push({ path: url.pathname, authorization, body });
    if (authorization !== `Bearer ${apiKey}`) return fail(res, 'unauthorized');
    if (url.pathname === '/v1/moderations') return moderate(res, body);
    return complete(res, body);
  }

  async function complete(res: ServerResponse, body: ChatRequest) {
    if (!body.model || !Array.isArray(body.messages) || body.messages.length === 0)
      return send(res, 400, {
        error: {
          message: "Missing required parameter: 'messages'.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'missing_required_parameter',
        },
      });
    const reply = queue.shift() ?? replyFn?.(body) ?? fallbackReply;
    const scripted = typeof reply === 'string' ? { text: reply } : reply;
    if (scripted.delayMs) await sleep(scripted.delayMs, res);
    if (res.destroyed) return;
    if ('fail' in scripted) return fail(res, scripted.fail);
    const text = scripted.text ?? '';
    const calls = ('toolCalls' in scripted ? scripted.toolCalls : []).map((call) => ({
      id: `call_${randomBytes(12).toString('hex')}`,
      type: 'function' as const,
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
    const prompt = body.messages
      .map((m) => [m.content ?? '', ...(m.tool_calls ?? []).map((c) => c.function.arguments)].join(' '))
      .join('\n');
    const usage = scripted.usage ?? {
      prompt_tokens: countTokens(prompt),
      completion_tokens: countTokens(
        text + calls.map((c) => c.function.name + c.function.arguments).join(''),
      ),
    };
    const finishReason = calls.length > 0 ? 'tool_calls' : 'stop';
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    if (!body.stream)
      return send(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              // OpenAI sends null content when the model only calls tools.
              content: calls.length > 0 && !text ? null : text,
              refusal: null,
              annotations: [],
              ...(calls.length > 0 ? { tool_calls: calls } : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: totals,
        system_fingerprint: 'fp_fake',
      });

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_fake', choices, ...extra })}\n\n`,
      );
    const withUsage = body.stream_options?.include_usage === true;
    const nullUsage = withUsage ? { usage: null } : {};
    chunk(
      [
        {
          index: 0,
          delta: { role: 'assistant', content: '', refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ],
      nullUsage,
    );
    for (const piece of text.match(/\S+\s*|\s+/g) ?? [])
      chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], nullUsage);
    calls.forEach((call, index) => {
      const first = {
        index,
        id: call.id,
        type: 'function',
        function: { name: call.function.name, arguments: '' },
      };
      chunk([{ index: 0, delta: { tool_calls: [first] }, logprobs: null, finish_reason: null }], nullUsage);
      for (const piece of call.function.arguments.match(/[\s\S]{1,8}/g) ?? [])
        chunk(
          [
            {
              index: 0,
              delta: { tool_calls: [{ index, function: { arguments: piece } }] },
              logprobs: null,
              finish_reason: null,
            },
          ],
          nullUsage,
        );
    });
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }], nullUsage);
    if (withUsage) chunk([], { usage: totals });
    res.end('data: [DONE]\n\n');
  }

  async function moderate(res: ServerResponse, body: ModerationRequest) {
    if (moderationDelayMs) await sleep(moderationDelayMs, res);
    if (res.destroyed) return;
    if (moderationFailure) return fail(res, moderationFailure);
    const inputs =
      typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : null;
    if (!inputs)
      return send(res, 400, {
        error: {
          message: "Missing required parameter: 'input'.",
          type: 'invalid_request_error',
          param: 'input',
        },
      });
    const results = inputs.map((text) => {
      const scores = Object.fromEntries(moderationCategories.map((c) => [c, 0.000_01])) as Record<
        ModerationCategory,
        number
      >;
      for (const rule of moderation) {
        const hit =
          typeof rule.match === 'string'
            ? text.toLowerCase().includes(rule.match.toLowerCase())
            : rule.match.test(text);
        if (hit) Object.assign(scores, rule.scores);
      }
      // OpenAI flags a category past its own internal threshold; 0.5 is the fake's.
      const categories = Object.fromEntries(moderationCategories.map((c) => [c, scores[c] >= 0.5]));
      const applied = Object.fromEntries(moderationCategories.map((c) => [c, ['text']]));
      return {
        flagged: Object.values(categories).some(Boolean),
        categories,
        category_scores: scores,
        category_applied_input_types: applied,
      };
    });
    send(res, 200, {
      id: `modr-${randomBytes(8).toString('hex')}`,
      model: body.model ?? 'omni-moderation-latest',
      results,
    });
  }

  function fail(res: ServerResponse, failure: FakeFailure) {
    if (failure === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-broken", "choi');
      return;
    }
    const { status, error } = failures[failure]!;
    send(res, status, { error });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  return {
    /** The base URL as the SDK takes it (ends with /v1). */
    url: base,
    apiKey,
    /**
     * Scripts chat completions: replies are used in order, then `reply(request)` if given, then
     * the default. `script.moderation(match, scores)` scores inputs containing `match`.
     */
    script: Object.assign(
      (...replies: ScriptedReply[]) => {
        queue.push(...replies);
      },
      {
        reply(fn: ((request: ChatRequest) => ScriptedReply) | null) {
          replyFn = fn;
        },
        byDefault(reply: ScriptedReply) {
          fallbackReply = reply;
        },
        moderation(match: string | RegExp, scores: Partial<Record<ModerationCategory, number>>) {
          moderation.push({ match, scores });
        },
        moderationFails(failure: FakeFailure | null, delayMs = 0) {
          moderationFailure = failure;
          moderationDelayMs = delayMs;
        },
        reset() {
          queue.length = 0;
          replyFn = null;
          moderation.length = 0;
          moderationFailure = null;
          moderationDelayMs = 0;
          requests.length = 0;
        },
      },
    ),
    /** Every request received, oldest first (also ones refused for a bad key). */
    requests,
    chatRequests: () =>
      requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as ChatRequest),
    moderationRequests: () =>
      requests.filter((r) => r.path === '/v1/moderations').map((r) => r.body as ModerationRequest),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeOpenAI = Awaited<ReturnType<typeof startFakeOpenAI>>;

/** Waits, or stops early when the client gave up (its timeout closed the socket). */
function sleep(ms: number, res: ServerResponse) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req_${randomBytes(8).toString('hex')}`,
      ...headers,
    })
    .end(JSON.stringify(body));
}
