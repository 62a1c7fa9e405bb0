import type { ConversationState } from '../../domain/chat/conversation-state.js';
import type { Intent } from '../../domain/chat/intent.js';
import type { ChatEngine, EngineContext, EngineTurn } from './engine.js';
import type { IntentRunner } from './intent-runner.js';

/**
 * The default engine, with no network and no model: the deterministic parser reads the message, the
 * dialogue manager carries it out. Its reply is rendered from the actions afterwards (nothing to stream
 * before).
 */
export class OfflineEngine implements ChatEngine {
  constructor(
    private readonly runner: IntentRunner,
    private readonly parse: (text: string, context: { now: Date; timeZone: string }) => Intent,
  ) {}

  respond(text: string, state: ConversationState, context: EngineContext): Promise<EngineTurn> {
    return this.runner.execute(
      this.parse(text, { now: context.now, timeZone: context.timeZone }),
      state,
      context,
    );
  }
}
