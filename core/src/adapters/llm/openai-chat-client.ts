import { z } from 'zod';
import { ChatStreamAssembler, errorMessageOf } from './chat-stream-assembler.js';
import { LlmError } from './llm-error.js';
import { SseDecoder } from './sse-decoder.js';

export { LlmError } from './llm-error.js';

/** Where the OpenAI-compatible endpoint is. `baseUrl` ends before `/chat/completions`, e.g. `https://api.openai.com/v1`. */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Bound on the whole turn, first byte to [DONE], not on silence between tokens. Default 30 s. */
  timeoutMs?: number;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: LlmToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface LlmToolCall {
  id: string;
  type: 'function';
  /** `arguments` is the model's JSON text, unparsed: it may be invalid, and the engine should say so to the model. */
  function: { name: string; arguments: string };
}

export interface LlmTool {
  type: 'function';
  function: { name: string; description: string; parameters: object /* JSON Schema */ };
}

export interface LlmTurn {
  text: string;
  toolCalls: LlmToolCall[];
  /** 'stop', 'tool_calls', 'length', 'content_filter'...; null when the server ended with [DONE] but never said. */
  finishReason: string | null;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A non-streamed `chat.completion`, for servers that ignore `stream: true`. */
const Completion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string(),
                function: z.object({ name: z.string(), arguments: z.string() }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

/**
 * One streamed chat completion: calls onText with each text delta as it arrives; resolves with the assembled
 * turn. Failures are LlmErrors with a message fit for a log line (the API key is never in one); an abort by
 * the caller's signal rejects with that signal's reason instead, so a cancelled turn is not reported as a fault.
 * An error thrown by onText ends the stream and is rethrown as is.
 */
export async function streamChatCompletion(
  config: LlmConfig,
  request: { messages: LlmMessage[]; tools?: LlmTool[] },
  onText: (delta: string) => void,
  signal?: AbortSignal,
): Promise<LlmTurn> {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  // Servers echo what they were sent (OpenAI masks keys, proxies may not): scrub the key from every message.
  const fail = (message: string, options?: { status?: number; cause?: unknown }) =>
    new LlmError(config.apiKey ? message.split(config.apiKey).join('***') : message, options);
  let callbackFailure: { error: unknown } | undefined;

  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        messages: request.messages,
        // OpenAI rejects an empty `tools` array, and `tool_choice` without tools.
        ...(request.tools?.length ? { tools: request.tools, tool_choice: 'auto' } : {}),
        stream: true,
      }),
      signal: combined,
    });
    if (!response.ok) {
      // HTTP/2 has no reason phrase: statusText may be empty.
      const status = [response.status, response.statusText].filter(Boolean).join(' ');
      const body = await response.text();
      throw fail(`LLM endpoint answered ${status}: ${describeErrorBody(body)}`, { status: response.status });
    }
    const emit = (delta: string) => {
      if (!delta) return;
      try {
        onText(delta);
      } catch (error) {
        callbackFailure = { error };
        throw error;
      }
    };
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) return readCompletion(await response.text(), emit, fail);
    if (!response.body) throw fail(`LLM endpoint answered ${response.status} without a body`);
    return await readStream(response.body, contentType, emit, fail);
  } catch (error) {
    if (callbackFailure) throw callbackFailure.error;
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted)
      throw fail(`LLM request timed out after ${timeoutMs} ms (POST ${url})`, { cause: error });
    // The assembler's errors quote the server, which may quote the key.
    if (error instanceof LlmError) throw fail(error.message, { status: error.status, cause: error.cause });
    throw fail(`LLM request failed (POST ${url}): ${describeCause(error)}`, { cause: error });
  }
}

type Fail = (message: string, options?: { status?: number; cause?: unknown }) => LlmError;

async function readStream(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  emit: (delta: string) => void,
  fail: Fail,
): Promise<LlmTurn> {
  const reader = body.getReader();
  const sse = new SseDecoder();
  const assembler = new ChatStreamAssembler();
  let events = 0;
  try {
    for (;;) {
      const read = await reader.read().catch((error: unknown) => {
        // An abort rejects with its reason (the caller sorts those out); anything else is undici's
        // "terminated": the connection dropped mid-body.
        if (error instanceof TypeError)
          throw fail(`LLM stream broke off: ${describeCause(error)}`, { cause: error });
        throw error;
      });
      for (const event of read.done ? sse.end() : sse.push(read.value)) {
        const data = event.data.trim();
        // Anything after [DONE] is not ours to wait for: a server may keep the connection open.
        if (data === '[DONE]') return assembler.turn();
        if (data === '') continue;
        events++;
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          throw fail(`LLM stream sent a chunk that is not JSON: ${excerpt(data)}`);
        }
        emit(assembler.apply(json));
      }
      if (read.done) break;
    }
    // A server that sent its finish_reason has said all it meant to; one without either was cut off.
    if (assembler.finishReason !== null) return assembler.turn();
    throw fail(
      events === 0
        ? `LLM stream ended without a single event (content-type ${contentType || 'none'})`
        : `LLM stream ended after ${events} chunks without [DONE] or a finish_reason: cut off`,
    );
  } finally {
    // Frees the connection when we stop early; a no-op on a stream read to its end.
    reader.cancel().catch(() => undefined);
  }
}

function readCompletion(body: string, emit: (delta: string) => void, fail: Fail): LlmTurn {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw fail(`LLM endpoint sent a body that is not JSON: ${excerpt(body)}`);
  }
  const parsed = Completion.safeParse(json);
  if (!parsed.success)
    throw fail(`LLM endpoint sent a completion of the wrong shape: ${parsed.error.message}`);
  const [choice] = parsed.data.choices;
  const text = choice?.message.content ?? '';
  emit(text);
  return {
    text,
    toolCalls: (choice?.message.tool_calls ?? []).map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments },
    })),
    finishReason: choice?.finish_reason ?? null,
  };
}

/** OpenAI's `{error: {message}}` when the body is that, else the start of the body as text. */
function describeErrorBody(body: string): string {
  try {
    const message = errorMessageOf((JSON.parse(body) as { error?: unknown } | null)?.error);
    if (message) return message;
  } catch {
    // not JSON: a proxy's HTML page, say
  }
  return body.trim() ? excerpt(body.trim()) : '(empty body)';
}

/** fetch's own messages are vague ("fetch failed"); the cause says what happened (ECONNREFUSED...). */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function excerpt(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
