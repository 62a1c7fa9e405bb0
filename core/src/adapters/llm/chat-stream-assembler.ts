import { z } from 'zod';
import { LlmError } from './llm-error.js';
import type { LlmToolCall, LlmTurn } from './openai-chat-client.js';

// Only the fields a turn is built from; everything else (usage, logprobs, obfuscation...) passes unread.
const ToolCallDelta = z.object({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
const Chunk = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({ content: z.string().nullish(), tool_calls: z.array(ToolCallDelta).nullish() })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  error: z.unknown().optional(),
});
type ToolCallDelta = z.infer<typeof ToolCallDelta>;

interface Slot {
  id: string;
  name: string;
  args: string[];
}

/** The message of an OpenAI-shaped error (`{error: {message}}`, or a bare string), if there is one. */
export function errorMessageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return undefined;
}

/**
 * Builds one assistant turn from `chat.completion.chunk` objects. Kept apart from the HTTP code so the delta
 * rules can be tested without a socket: text deltas append; a tool call is named by its `index`, its first
 * delta brings id and name, later ones append `arguments` fragments, and calls may interleave.
 */
export class ChatStreamAssembler {
  #text = '';
  #finishReason: string | null = null;
  readonly #slots: Slot[] = [];
  /** Stream `index` -> slot: normally the identity, but see #slotFor. */
  readonly #slotOfIndex = new Map<number, Slot>();

  get finishReason(): string | null {
    return this.#finishReason;
  }

  /** Applies one parsed chunk and returns its text delta ('' when it has none). */
  apply(json: unknown): string {
    const parsed = Chunk.safeParse(json);
    if (!parsed.success)
      throw new LlmError(`LLM stream sent a chunk of the wrong shape: ${parsed.error.message}`);
    const chunk = parsed.data;
    if (chunk.error !== undefined && chunk.error !== null)
      throw new LlmError(
        `LLM stream reported an error: ${errorMessageOf(chunk.error) ?? JSON.stringify(chunk.error)}`,
      );
    // n = 1 is all we ask for; the usage chunk has no choices at all.
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (!choice) return '';
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    for (const delta of choice.delta?.tool_calls ?? []) this.#applyToolCall(delta);
    const text = choice.delta?.content ?? '';
    this.#text += text;
    return text;
  }

  /** The turn so far. Throws if a tool call never got a name: it could not be dispatched. */
  turn(): LlmTurn {
    const toolCalls = this.#slots.map((slot, n): LlmToolCall => {
      if (!slot.name) throw new LlmError(`LLM stream sent tool call #${n} without a function name`);
      return {
        // OpenAI always sends one; a server that does not will not check the id we echo back either.
        id: slot.id || `call_${n}`,
        type: 'function',
        function: { name: slot.name, arguments: slot.args.join('') },
      };
    });
    return { text: this.#text, toolCalls, finishReason: this.#finishReason };
  }

  #applyToolCall(delta: ToolCallDelta): void {
    const slot = this.#slotFor(delta);
    // The first id and name win: some servers repeat them (or send a fresh id) on every fragment.
    if (delta.id && !slot.id) slot.id = delta.id;
    if (delta.function?.name && !slot.name) slot.name = delta.function.name;
    if (delta.function?.arguments) slot.args.push(delta.function.arguments);
  }

  #slotFor(delta: ToolCallDelta): Slot {
    const index = delta.index ?? this.#indexWithoutOne(delta.id);
    const current = this.#slotOfIndex.get(index);
    // A new id at an index whose arguments are already complete JSON is a second call (Ollama numbers every
    // call of a parallel batch 0); a new id mid-arguments is a server re-sending ids, so the same call.
    if (
      current &&
      !(delta.id && current.id && delta.id !== current.id && isCompleteJson(current.args.join('')))
    )
      return current;
    const slot: Slot = { id: '', name: '', args: [] };
    this.#slots.push(slot);
    this.#slotOfIndex.set(index, slot);
    return slot;
  }

  /** For servers that omit `index`: a known id names its call, a new id opens one, no id continues the last. */
  #indexWithoutOne(id: string | null | undefined): number {
    for (const [index, slot] of this.#slotOfIndex) if (id && slot.id === id) return index;
    const last = Math.max(-1, ...this.#slotOfIndex.keys());
    return id || last < 0 ? last + 1 : last;
  }
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
