import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the server answers to one request. */
export interface ScriptedReply {
  text?: string;
  /** `arguments` is sent as JSON; a string is sent verbatim, to script malformed arguments. */
  toolCalls?: Array<{ name: string; arguments: unknown }>;
  /** Split text and tool call arguments into deltas of this many characters (code points). Default 3. */
  chunkSize?: number;
  /** Non-200: answered with an OpenAI-shaped error body instead of a completion. */
  status?: number;
  /** The error body's message for a non-200 status (a default per status otherwise). */
  error?: string;
  /** Wait before answering (before the status line). */
  delayMs?: number;
  /** Wait between SSE writes. Default 2, so the client sees the events in separate reads. */
  chunkDelayMs?: number;
  /** Stop after about half the deltas: no finish_reason, no [DONE]; the response ends cleanly. */
  truncate?: boolean;
  /** Interleave the tool calls' argument fragments by index (OpenAI sends them one call after another). */
  interleaveToolCalls?: boolean;
  /** Overrides the last chunk's finish_reason ('stop' or 'tool_calls' otherwise), e.g. 'length'. */
  finishReason?: string;
  /** Raw mode: these exact pieces, written one by one with chunkDelayMs between, as a text/event-stream. */
  raw?: Array<string | Uint8Array>;
}

export interface OpenAiTestServer {
  /** http://127.0.0.1:port/v1 */
  baseUrl: string;
  /** Every POST to /v1/chat/completions, in order, including refused ones. */
  requests: Array<{ headers: Record<string, string | string[] | undefined>; body: any }>;
  /** Queues the answer to the next request; a function is called with that request's body. */
  reply(next: ScriptedReply | ((body: any) => ScriptedReply)): void;
  close(): Promise<void>;
}

type Queued = ScriptedReply | ((body: any) => ScriptedReply);

/**
 * A local OpenAI-compatible Chat Completions endpoint that answers scripted replies in order, in OpenAI's
 * own wire format: `data: {chat.completion.chunk}\n\n` events, role in the first delta, tool call id and
 * name first and then their arguments in fragments, finish_reason in the last chunk, then `data: [DONE]`.
 */
export async function startOpenAiTestServer(options: { apiKey?: string } = {}): Promise<OpenAiTestServer> {
  const requests: OpenAiTestServer['requests'] = [];
  const queue: Queued[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      void answer(request.method ?? 'GET', request.url ?? '/', request.headers, raw, response).catch(
        (error) => {
          if (!response.headersSent)
            sendError(response, 500, `test server: ${String(error)}`, 'server_error');
          else response.destroy();
        },
      );
    });
  });

  async function answer(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    raw: string,
    response: ServerResponse,
  ): Promise<void> {
    if (method !== 'POST' || path.split('?')[0] !== '/v1/chat/completions') {
      sendError(response, 404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
      return;
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    requests.push({ headers: { ...headers }, body });
    if (typeof body !== 'object' || body === null) {
      sendError(
        response,
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        'invalid_request_error',
      );
      return;
    }
    if (options.apiKey !== undefined) {
      const auth = headers.authorization;
      if (!auth?.startsWith('Bearer ')) {
        sendError(
          response,
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          'invalid_request_error',
        );
        return;
      }
      const key = auth.slice('Bearer '.length);
      if (key !== options.apiKey) {
        sendError(
          response,
          401,
          `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        );
        return;
      }
    }
    const next = queue.shift();
    if (!next) {
      sendError(response, 500, 'test server: no scripted reply queued for this request', 'server_error');
      return;
    }
    const reply = typeof next === 'function' ? next(body) : next;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (gone(response)) return;
    if (reply.status !== undefined && reply.status !== 200) {
      const [message, type, code] = defaultError(reply.status);
      sendError(response, reply.status, reply.error ?? message, type, code);
      return;
    }
    if (reply.raw) return writeRaw(response, reply.raw, reply.chunkDelayMs ?? 2);
    const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
    if (body.stream === true) return streamReply(response, reply, model, body.stream_options ?? {});
    sendJson(response, 200, completion(reply, model));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(next) {
      queue.push(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const openAiHeaders = () => ({
  'x-request-id': `req_${randomBytes(16).toString('hex')}`,
  'openai-processing-ms': '42',
  'openai-version': '2020-10-01',
});

async function streamReply(
  response: ServerResponse,
  reply: ScriptedReply,
  model: string,
  streamOptions: { include_usage?: boolean; include_obfuscation?: boolean },
): Promise<void> {
  const id = `chatcmpl-${randomId(29)}`;
  const created = Math.floor(Date.now() / 1000);
  const fingerprint = `fp_${randomBytes(5).toString('hex')}`;
  const withUsage = streamOptions.include_usage === true;
  const obfuscate = streamOptions.include_obfuscation !== false;
  const chunk = (choices: unknown[], usage?: unknown) => {
    const object: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: fingerprint,
      choices,
    };
    if (withUsage) object.usage = usage ?? null;
    // OpenAI pads every event with random characters (a side-channel mitigation) unless asked not to.
    if (obfuscate) object.obfuscation = randomId(1 + Math.floor(Math.random() * 12));
    return `data: ${JSON.stringify(object)}\n\n`;
  };
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  });

  const deltas = assistantDeltas(reply);
  const events = deltas.map((delta) => chunk([choice(delta)]));
  const cutAt = reply.truncate ? Math.max(1, Math.floor(events.length / 2)) : events.length;
  const finishReason = reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
  const tail = reply.truncate
    ? []
    : [
        chunk([choice({}, finishReason)]),
        ...(withUsage ? [chunk([], usage(reply))] : []),
        'data: [DONE]\n\n',
      ];
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...openAiHeaders(),
  });
  response.flushHeaders();
  for (const event of [...events.slice(0, cutAt), ...tail]) {
    if (gone(response)) return;
    response.write(event);
    await sleep(reply.chunkDelayMs ?? 2);
  }
  response.end();
}

/** The deltas of one assistant message, as OpenAI orders them: role first, text, then each tool call. */
function assistantDeltas(reply: ScriptedReply): Array<Record<string, unknown>> {
  const size = Math.max(1, reply.chunkSize ?? 3);
  const calls = (reply.toolCalls ?? []).map((call, index) => ({
    header: {
      index,
      id: `call_${randomId(24)}`,
      type: 'function',
      function: { name: call.name, arguments: '' },
    },
    fragments: split(argumentsText(call.arguments), size).map((fragment) => ({
      index,
      function: { arguments: fragment },
    })),
  }));
  const deltas: Array<Record<string, unknown>> = [];
  const texts = reply.text ? split(reply.text, size) : [];
  if (texts.length > 0 || calls.length === 0) {
    deltas.push({ role: 'assistant', content: '', refusal: null });
    for (const content of texts) deltas.push({ content });
  }
  const first = deltas.length === 0;
  const callDelta = (toolCall: unknown, n: number): Record<string, unknown> =>
    first && n === 0
      ? { role: 'assistant', content: null, tool_calls: [toolCall], refusal: null }
      : { tool_calls: [toolCall] };
  if (reply.interleaveToolCalls) {
    calls.forEach((call, n) => deltas.push(callDelta(call.header, n)));
    const longest = Math.max(0, ...calls.map((call) => call.fragments.length));
    for (let i = 0; i < longest; i++)
      for (const call of calls) if (call.fragments[i]) deltas.push({ tool_calls: [call.fragments[i]] });
  } else {
    calls.forEach((call, n) => {
      deltas.push(callDelta(call.header, n));
      for (const fragment of call.fragments) deltas.push({ tool_calls: [fragment] });
    });
  }
  return deltas;
}

/** A non-streamed `chat.completion`, pretty-printed as OpenAI sends it. */
function completion(reply: ScriptedReply, model: string): unknown {
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({
    id: `call_${randomId(24)}`,
    type: 'function',
    function: { name: call.name, arguments: argumentsText(call.arguments) },
  }));
  return {
    id: `chatcmpl-${randomId(29)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: usage(reply),
    service_tier: 'default',
    system_fingerprint: `fp_${randomBytes(5).toString('hex')}`,
  };
}

async function writeRaw(response: ServerResponse, pieces: Array<string | Uint8Array>, delayMs: number) {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  response.flushHeaders();
  for (const piece of pieces) {
    if (gone(response)) return;
    response.write(piece);
    await sleep(delayMs);
  }
  response.end();
}

function usage(reply: ScriptedReply) {
  // A rough count, like a tokenizer's order of magnitude: tests only need it to be there.
  const completionTokens = Math.ceil(
    ((reply.text ?? '').length +
      (reply.toolCalls ?? []).reduce((n, call) => n + argumentsText(call.arguments).length, 0)) /
      4,
  );
  return {
    prompt_tokens: 42,
    completion_tokens: completionTokens,
    total_tokens: 42 + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function defaultError(status: number): [message: string, type: string, code: string | null] {
  switch (status) {
    case 400:
      return ['Invalid request.', 'invalid_request_error', null];
    case 401:
      return ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'];
    case 404:
      return [
        'The model does not exist or you do not have access to it.',
        'invalid_request_error',
        'model_not_found',
      ];
    case 429:
      return ['Rate limit reached. Please try again in 1s.', 'requests', 'rate_limit_exceeded'];
    case 503:
      return ['The engine is currently overloaded, please try again later', 'server_error', null];
    default:
      return [
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
      ];
  }
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
) {
  sendJson(response, status, { error: { message, type, param: null, code } });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response
    .writeHead(status, { 'content-type': 'application/json', ...openAiHeaders() })
    .end(`${JSON.stringify(body, null, 2)}\n`);
}

/** The client hung up (an abort, a timeout): stop writing. */
function gone(response: ServerResponse): boolean {
  return response.destroyed || !response.socket || response.socket.destroyed;
}

/** As OpenAI shows a wrong key: never whole. */
function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
}

function argumentsText(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/** Splits by code points, so no delta ends inside a surrogate pair. */
function split(text: string, size: number): string[] {
  const points = Array.from(text);
  const parts: string[] = [];
  for (let i = 0; i < points.length; i += size) parts.push(points.slice(i, i + size).join(''));
  return parts;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomId(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}
