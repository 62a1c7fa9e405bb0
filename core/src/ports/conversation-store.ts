import type { ConversationState } from '../domain/chat/conversation-state.js';

/** A conversation as stored, with the tag that names this version of it. */
export interface StoredConversation {
  state: ConversationState;
  etag: string;
}

/**
 * The state port of the assistant: one document per (user, conversation). PostgreSQL in the embedded
 * runtime, Dapr's state API in the dapr runtime. Saves are conditional, so two tabs talking at once do
 * not lose each other's turns.
 */
export interface ConversationStore {
  load(userId: string, conversationId: string): Promise<StoredConversation | null>;
  /**
   * Saves `state` if the stored one is still the version `etag` named (null: none may exist yet);
   * false when another save came first.
   */
  save(
    userId: string,
    conversationId: string,
    state: ConversationState,
    etag: string | null,
  ): Promise<boolean>;
}
