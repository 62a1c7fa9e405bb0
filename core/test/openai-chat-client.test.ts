import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LlmError,
  streamChatCompletion,
  type LlmConfig,
  type LlmMessage,
  type LlmTool,
} from '../src/adapters/llm/openai-chat-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../testing/openai-server.js';

const API_KEY = 'sk-test-0123456789abcdefghij';
const messages: LlmMessage[] = [
  { role: 'system', content: 'You manage todo lists.' },
  { role: 'user', content: 'Add milk to my list' },
];
const tools: LlmTool[] = [
  {
    type: 'function',
    function: {
      name: 'add_task',
      description: 'Adds a task',
      parameters: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
    },
  },
];

/** A bare node:http server for answers the scripted server does not give. */
async function withRawServer<T>(listener: RequestListener, run: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The failure of a call that must fail. */
async function failure(promise: Promise<unknown>): Promise<Error & { status?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('streamChatCompletion against an OpenAI-compatible server', () => {
  let server: OpenAiTestServer;
  let config: LlmConfig;

  beforeAll(async () => {
    server = await startOpenAiTestServer({ apiKey: API_KEY });
    config = { baseUrl: server.baseUrl, model: 'gpt-4o-mini', apiKey: API_KEY, timeoutMs: 5_000 };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('hands each text delta to onText in order, as it arrives', async () => {
    const text = 'Added “milk” to your list — due tomorrow 9:00 ✓ 🥛';
    server.reply({ text, chunkSize: 3, chunkDelayMs: 20 });
    const deltas: Array<{ delta: string; at: number }> = [];
    const started = Date.now();
    const turn = await streamChatCompletion(config, { messages }, (delta) =>
      deltas.push({ delta, at: Date.now() }),
    );
    const done = Date.now();

    expect(turn).toEqual({ text, toolCalls: [], finishReason: 'stop' });
    expect(deltas.map((d) => d.delta).join('')).toBe(text);
    expect(deltas.map((d) => d.delta)).toEqual(text.match(/.{1,3}/gsu));
    // Streamed, not buffered: the first delta came long before the last one.
    expect(deltas[0]!.at - started).toBeLessThan(done - started - 100);
  });

  it.each([
    ['interleaved by index', true],
    ['one after the other, as OpenAI sends them', false],
  ])('assembles two tool calls with fragmented arguments, %s', async (_, interleaveToolCalls) => {
    const add = { title: 'Buy “milk”', due: '2026-11-25T09:00:00Z', tags: ['shopping'] };
    const list = { status: 'open' };
    server.reply({
      text: 'On it.',
      toolCalls: [
        { name: 'add_task', arguments: add },
        { name: 'list_tasks', arguments: list },
      ],
      chunkSize: 4,
      interleaveToolCalls,
    });
    const deltas: string[] = [];
    const turn = await streamChatCompletion(config, { messages, tools }, (delta) => deltas.push(delta));

    expect(turn.text).toBe('On it.');
    expect(deltas.join('')).toBe('On it.');
    expect(turn.finishReason).toBe('tool_calls');
    expect(
      turn.toolCalls.map((call) => [call.type, call.function.name, JSON.parse(call.function.arguments)]),
    ).toEqual([
      ['function', 'add_task', add],
      ['function', 'list_tasks', list],
    ]);
    expect(turn.toolCalls.map((call) => call.id)).toEqual([
      expect.stringMatching(/^call_\w{24}$/),
      expect.stringMatching(/^call_\w{24}$/),
    ]);
    expect(new Set(turn.toolCalls.map((call) => call.id)).size).toBe(2);
  });

  it('sends model, messages, tools, tool_choice, stream:true and the bearer key', async () => {
    server.reply({ text: 'ok' });
    await streamChatCompletion(config, { messages, tools }, () => undefined);
    const { headers, body } = server.requests.at(-1)!;
    expect(body).toEqual({ model: 'gpt-4o-mini', messages, tools, tool_choice: 'auto', stream: true });
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it('leaves out tools and tool_choice when there are no tools (OpenAI rejects them empty)', async () => {
    server.reply({ text: 'ok' });
    await streamChatCompletion(config, { messages, tools: [] }, () => undefined);
    expect(server.requests.at(-1)!.body).toEqual({ model: 'gpt-4o-mini', messages, stream: true });
  });

  it('lets a scripted reply answer the tool results it is sent', async () => {
    server.reply((body) => {
      const result = body.messages.at(-1);
      return { text: `Done: ${JSON.parse(result.content).title}` };
    });
    const turn = await streamChatCompletion(
      config,
      {
        messages: [
          ...messages,
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add_task', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"title":"milk"}' },
        ],
        tools,
      },
      () => undefined,
    );
    expect(turn.text).toBe('Done: milk');
  });

  it("names the status and OpenAI's message for a wrong key, without the key", async () => {
    const wrongKey = 'sk-test-wrong-wrong-wrong-9999';
    const error = await failure(
      streamChatCompletion({ ...config, apiKey: wrongKey }, { messages }, () => undefined),
    );
    expect(error).toBeInstanceOf(LlmError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(
      /^LLM endpoint answered 401 Unauthorized: Incorrect API key provided: sk-\*+9999\./,
    );
    expect(error.message).not.toContain(wrongKey);
  });

  it('scrubs the key from a message that echoes it', async () => {
    server.reply({ status: 400, error: `Key ${API_KEY} is not allowed to use this model` });
    const error = await failure(streamChatCompletion(config, { messages }, () => undefined));
    expect(error.message).toBe(
      'LLM endpoint answered 400 Bad Request: Key *** is not allowed to use this model',
    );
  });

  it('reports a 500 and a 429 clearly', async () => {
    server.reply({ status: 500 });
    const error = await failure(streamChatCompletion(config, { messages }, () => undefined));
    expect(error.message).toBe(
      'LLM endpoint answered 500 Internal Server Error: The server had an error while processing your request. Sorry about that!',
    );
    expect(error.status).toBe(500);
    server.reply({ status: 429 });
    expect((await failure(streamChatCompletion(config, { messages }, () => undefined))).status).toBe(429);
  });

  it('reports a stream cut off before its finish_reason and [DONE], after passing on what came', async () => {
    server.reply({ text: 'This answer will not be finished', truncate: true });
    const deltas: string[] = [];
    const error = await failure(streamChatCompletion(config, { messages }, (delta) => deltas.push(delta)));
    expect(error.message).toMatch(
      /^LLM stream ended after \d+ chunks without \[DONE\] or a finish_reason: cut off$/,
    );
    expect(deltas.length).toBeGreaterThan(0);
  });

  it('reports a chunk that is not JSON, and an error event in the stream', async () => {
    server.reply({
      raw: ['data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n', 'data: {"choices":[\n\n'],
    });
    expect((await failure(streamChatCompletion(config, { messages }, () => undefined))).message).toBe(
      'LLM stream sent a chunk that is not JSON: {"choices":[',
    );
    server.reply({
      raw: ['data: {"error":{"message":"The model is overloaded","type":"server_error"}}\n\n'],
    });
    expect((await failure(streamChatCompletion(config, { messages }, () => undefined))).message).toBe(
      'LLM stream reported an error: The model is overloaded',
    );
  });

  it('times out within the bound: before the first byte, and mid-stream', async () => {
    server.reply({ text: 'too late', delayMs: 3_000 });
    let started = Date.now();
    let error = await failure(
      streamChatCompletion({ ...config, timeoutMs: 200 }, { messages }, () => undefined),
    );
    expect(error.message).toBe(
      `LLM request timed out after 200 ms (POST ${server.baseUrl}/chat/completions)`,
    );
    expect(Date.now() - started).toBeLessThan(1_000);

    server.reply({ text: 'a slow answer, token after token after token', chunkDelayMs: 100 });
    const deltas: string[] = [];
    started = Date.now();
    error = await failure(
      streamChatCompletion({ ...config, timeoutMs: 300 }, { messages }, (delta) => deltas.push(delta)),
    );
    expect(error.message).toMatch(/^LLM request timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(deltas.length).toBeGreaterThan(0);
  });

  it("rejects with the caller's abort reason when the caller aborts", async () => {
    server.reply({ text: 'an answer the user stops reading', chunkDelayMs: 50 });
    const controller = new AbortController();
    const error = await failure(
      streamChatCompletion(config, { messages }, () => controller.abort(), controller.signal),
    );
    expect(error.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(LlmError);
  });

  it('rethrows what onText throws, as is', async () => {
    server.reply({ text: 'hello there' });
    const thrown = new Error('the socket to the browser is gone');
    const error = await failure(
      streamChatCompletion(config, { messages }, () => {
        throw thrown;
      }),
    );
    expect(error).toBe(thrown);
  });

  it('reports an endpoint that is not there', async () => {
    const closed = await withRawServer(
      () => undefined,
      async (baseUrl) => baseUrl,
    );
    const error = await failure(
      streamChatCompletion({ ...config, baseUrl: closed }, { messages }, () => undefined),
    );
    expect(error.message).toMatch(
      /^LLM request failed \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions\): .*ECONNREFUSED/,
    );
  });
});

describe('SSE framing split across reads', () => {
  // OpenAI's framing with what proxies add (CRLF, a comment, a keep-alive) and multi-byte UTF-8 to split.
  const event = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\r\n\r\n`;
  const STREAM = Buffer.from(
    ': keep-alive\r\n\r\n' +
      event({ role: 'assistant', content: 'Caf\u00e9 \u20ac' }) +
      '\r\n' +
      event({ content: ' \ud83e\udd5b' }) +
      event({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"t":' } },
        ],
      }) +
      event({ tool_calls: [{ index: 0, function: { arguments: '"\u00e9"}' } }] }) +
      event({}, 'tool_calls') +
      'data: [DONE]\r\n\r\n',
  );
  const EXPECTED = {
    text: 'Caf\u00e9 \u20ac \ud83e\udd5b',
    toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"t":"\u00e9"}' } }],
    finishReason: 'tool_calls',
  };
  let server: OpenAiTestServer;
  let config: LlmConfig;

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    config = { baseUrl: server.baseUrl, model: 'm' };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('parses the stream written in two pieces, split at every byte boundary', async () => {
    for (let at = 1; at < STREAM.length; at++) {
      server.reply({ raw: [STREAM.subarray(0, at), STREAM.subarray(at)], chunkDelayMs: 1 });
      const deltas: string[] = [];
      const turn = await streamChatCompletion(config, { messages }, (delta) => deltas.push(delta));
      expect(turn, `split at byte ${at}`).toEqual(EXPECTED);
      expect(deltas.join('')).toBe(EXPECTED.text);
    }
  });

  it('parses the stream written one byte at a time', async () => {
    server.reply({ raw: Array.from(STREAM, (_, i) => STREAM.subarray(i, i + 1)), chunkDelayMs: 0 });
    expect(await streamChatCompletion(config, { messages }, () => undefined)).toEqual(EXPECTED);
  });

  it('parses everything sent in one write', async () => {
    server.reply({ raw: [STREAM] });
    expect(await streamChatCompletion(config, { messages }, () => undefined)).toEqual(EXPECTED);
  });
});

describe('answers the scripted server does not give', () => {
  it("reports a proxy's non-JSON error page by its text", async () => {
    await withRawServer(
      (_, response) =>
        response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'),
      async (baseUrl) => {
        const error = await failure(
          streamChatCompletion({ baseUrl, model: 'm' }, { messages }, () => undefined),
        );
        expect(error.message).toBe('LLM endpoint answered 502 Bad Gateway: <html>Bad gateway</html>');
      },
    );
  });

  it('reads a plain chat.completion from a server that ignores stream:true', async () => {
    await withRawServer(
      (_, response) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: 'Sure.',
                  tool_calls: [
                    { id: 'call_9', type: 'function', function: { name: 'add', arguments: '{}' } },
                  ],
                },
                finish_reason: 'tool_calls',
              },
            ],
          }),
        ),
      async (baseUrl) => {
        const deltas: string[] = [];
        expect(
          await streamChatCompletion({ baseUrl, model: 'm' }, { messages }, (d) => deltas.push(d)),
        ).toEqual({
          text: 'Sure.',
          toolCalls: [{ id: 'call_9', type: 'function', function: { name: 'add', arguments: '{}' } }],
          finishReason: 'tool_calls',
        });
        expect(deltas).toEqual(['Sure.']);
      },
    );
  });

  it('reports a connection dropped mid-stream', async () => {
    await withRawServer(
      (_, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: {"choices":[{"index":0,"delta":{"content":"par"}}]}\n\n');
        setTimeout(() => response.destroy(), 20);
      },
      async (baseUrl) => {
        const error = await failure(
          streamChatCompletion({ baseUrl, model: 'm' }, { messages }, () => undefined),
        );
        expect(error.message).toMatch(/^LLM stream broke off: /);
      },
    );
  });
});

describe('the test server speaks OpenAI’s wire format', () => {
  let server: OpenAiTestServer;
  beforeAll(async () => {
    server = await startOpenAiTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (body: object) =>
    fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('streams data: events of chat.completion.chunk, role first, finish_reason last, then [DONE]', async () => {
    server.reply({ toolCalls: [{ name: 'add_task', arguments: { title: 'milk' } }] });
    const response = await post({ model: 'gpt-4o-mini', messages, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const raw = await response.text();
    expect(raw).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = raw
      .split('\n\n')
      .filter((e) => e && e !== 'data: [DONE]')
      .map((e) => JSON.parse(e.slice('data: '.length)));
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        object: 'chat.completion.chunk',
        model: 'gpt-4o-mini',
        id: chunks[0].id,
      });
      expect(chunk.id).toMatch(/^chatcmpl-/);
      expect(chunk.obfuscation).toEqual(expect.any(String));
    }
    expect(chunks[0].choices[0]).toMatchObject({
      index: 0,
      delta: {
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, type: 'function', function: { name: 'add_task', arguments: '' } }],
      },
      logprobs: null,
      finish_reason: null,
    });
    expect(chunks.at(-1).choices[0]).toEqual({
      index: 0,
      delta: {},
      logprobs: null,
      finish_reason: 'tool_calls',
    });
    const fragments = chunks.slice(1, -1).map((c) => c.choices[0].delta.tool_calls[0].function.arguments);
    expect(fragments.length).toBeGreaterThan(2);
    expect(fragments.join('')).toBe('{"title":"milk"}');
  });

  it('adds the usage chunk when stream_options.include_usage asks for it', async () => {
    server.reply({ text: 'hi' });
    const raw = await (
      await post({ model: 'm', messages, stream: true, stream_options: { include_usage: true } })
    ).text();
    const chunks = raw
      .split('\n\n')
      .filter((e) => e && e !== 'data: [DONE]')
      .map((e) => JSON.parse(e.slice(6)));
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it('answers stream:false with a chat.completion', async () => {
    server.reply({ text: 'Hello!' });
    const body: any = await (await post({ model: 'gpt-4o-mini', messages })).json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
    });
  });

  it('answers an unscripted request with a 500 that says so, and unknown paths with 404', async () => {
    const response = await post({ model: 'm', messages, stream: true });
    expect(response.status).toBe(500);
    expect(((await response.json()) as any).error.message).toMatch(/no scripted reply/);
    expect((await fetch(`${server.baseUrl}/models`)).status).toBe(404);
  });
});
