import type { Actor, ChatAction } from '@todo/contracts';
import type { ConversationState } from '../../domain/chat/conversation-state.js';

export interface EngineContext {
  actor: Actor;
  timeZone: string;
  now: Date;
}

/** What one message did: the actions to report, and the conversation after it. */
export interface EngineTurn {
  actions: ChatAction[];
  state: ConversationState;
  /** The reply as the engine wrote it (an LLM); without it, the reply is rendered from the actions. */
  reply?: string;
}

/** Answers one message: the offline dialogue manager, or an LLM driving the same tools. */
export interface ChatEngine {
  /** `onDelta` gets the reply's text as it is written, if the engine writes it piece by piece. */
  respond(
    text: string,
    state: ConversationState,
    context: EngineContext,
    onDelta: (text: string) => void,
  ): Promise<EngineTurn>;
}
