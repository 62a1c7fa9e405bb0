import { AppError, isChange, type ChatAction, type ChatTurn } from '@todo/contracts';
import { withSpan, type Logger } from '@todo/observability';
import { toFloating } from '@todo/time';
import {
  streamChatCompletion,
  type LlmConfig,
  type LlmMessage,
  type LlmToolCall,
} from '../../adapters/llm/openai-chat-client.js';
import type { ConversationState } from '../../domain/chat/conversation-state.js';
import { describeTask, renderReply } from '../../domain/chat/reply.js';
import type { ChatEngine, EngineContext, EngineTurn } from './engine.js';
import type { IntentRunner } from './intent-runner.js';
import { intentOfToolCall, TOOL_DEFINITIONS } from './llm-tools.js';

/** Rounds of tool calls one message may take before the model must answer. */
const MAX_ROUNDS = 6;
/** Past turns the model is given, for "it" and "that". */
const HISTORY_TURNS = 12;

/**
 * The LLM engine: an OpenAI-compatible model drives the same tools as the offline engine (each call checked
 * by the contracts' schemas, then carried out by the shared dialogue manager), and its text streams as it
 * comes. Whatever changed is also said in the project's own words at the end, so a reply never leaves a
 * change unsaid. When the model fails (down, slow, malformed) before anything changed, the offline engine
 * answers instead; after a change, the reply says what was done.
 */
export class LlmEngine implements ChatEngine {
  constructor(
    private readonly config: LlmConfig,
    private readonly runner: IntentRunner,
    private readonly fallback: ChatEngine,
    private readonly log: Logger,
  ) {}

  async respond(
    text: string,
    state: ConversationState,
    context: EngineContext,
    onDelta: (text: string) => void,
  ): Promise<EngineTurn> {
    const messages: LlmMessage[] = [
      { role: 'system', content: systemPrompt(context) },
      ...history(state.turns),
      { role: 'user', content: text },
    ];
    const actions: ChatAction[] = [];
    let current = state;
    let written = '';
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const turn = await withSpan('llm.chat_completion', () =>
          streamChatCompletion(this.config, { messages, tools: TOOL_DEFINITIONS }, (delta) => {
            written += delta;
            onDelta(delta);
          }),
        );
        if (!turn.toolCalls.length) break;
        messages.push({ role: 'assistant', content: turn.text || null, tool_calls: turn.toolCalls });
        for (const call of turn.toolCalls) {
          const result = await this.call(call, current, context);
          actions.push(...result.actions);
          current = result.state;
          messages.push({ role: 'tool', tool_call_id: call.id, content: result.content });
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.log.warn({ err: error }, 'the LLM failed; answering with the offline engine');
      if (!actions.some(isChange)) return this.fallback.respond(text, state, context, onDelta);
    }
    // What changed, in the project's words; everything it did, when the model wrote nothing itself.
    const said = renderReply(written.trim() ? actions.filter(isChange) : actions, context);
    const tail = said && (written.trim() ? `\n\n${said}` : said);
    if (tail) onDelta(tail);
    const reply = (written + tail).trim() || 'Done.';
    return { actions, state: current, reply };
  }

  /** Carries out one tool call; its result for the model is what was done, or why nothing was. */
  private async call(
    call: LlmToolCall,
    state: ConversationState,
    context: EngineContext,
  ): Promise<EngineTurn & { content: string }> {
    let intent;
    try {
      intent = intentOfToolCall(call.function.name, call.function.arguments, context);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { actions: [], state, content: JSON.stringify({ ok: false, error: error.toBody().error }) };
    }
    const turn = await this.runner.execute(intent, state, context);
    const content = JSON.stringify({
      ok: !turn.actions.some((a) => a.kind === 'refused' || a.kind === 'not_found'),
      done: renderReply(turn.actions, context),
      tasks: turn.actions
        .flatMap((a) => (a.kind === 'listed' ? a.tasks : 'task' in a && a.task ? [a.task] : []))
        .map((task) => ({ id: task.id, summary: describeTask(task, context) })),
    });
    return { ...turn, content };
  }
}

function systemPrompt({ now, timeZone }: EngineContext): string {
  const local = toFloating(now, timeZone).toISOString().slice(0, 16).replace('T', ' ');
  return [
    "You are the assistant of a todo app. You manage the user's tasks only through the tools.",
    `Now it is ${local} in the user's time zone, ${timeZone}.`,
    'Never say you changed something unless a tool did it. To act on a task, use the id a tool gave you;',
    'if you do not have it, call find_tasks first. If several tasks could be meant, ask which one.',
    'Pass dates as the user said them ("tomorrow 6pm") or as ISO 8601 with an offset. Keep replies short.',
  ].join('\n');
}

/** The conversation so far, as the model's messages. */
function history(turns: ChatTurn[]): LlmMessage[] {
  return turns.slice(-HISTORY_TURNS).map((turn) => ({ role: turn.role, content: turn.text }));
}
