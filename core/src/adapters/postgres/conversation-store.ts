import { dbSpan, type Sql } from '@todo/platform';
import type { ConversationState } from '../../domain/chat/conversation-state.js';
import type { ConversationStore, StoredConversation } from '../../ports/conversation-store.js';

/** Conversations in core's database (table chat_conversations); the version number is the etag. */
export class PostgresConversationStore implements ConversationStore {
  constructor(private readonly sql: Sql) {}

  load(userId: string, conversationId: string): Promise<StoredConversation | null> {
    return dbSpan('conversations.load', async () => {
      const [row] = await this.sql<{ state: ConversationState; version: number }[]>`
        select state, version from chat_conversations
        where user_id = ${userId} and conversation_id = ${conversationId}`;
      return row ? { state: row.state, etag: String(row.version) } : null;
    });
  }

  save(
    userId: string,
    conversationId: string,
    state: ConversationState,
    etag: string | null,
  ): Promise<boolean> {
    return dbSpan('conversations.save', async () => {
      const json = this.sql.json(state as never);
      const result =
        etag === null
          ? await this.sql`
              insert into chat_conversations (user_id, conversation_id, state, version, updated_at)
              values (${userId}, ${conversationId}, ${json}, 1, now())
              on conflict do nothing`
          : await this.sql`
              update chat_conversations set state = ${json}, version = version + 1, updated_at = now()
              where user_id = ${userId} and conversation_id = ${conversationId} and version = ${Number(etag)}`;
      return result.count === 1;
    });
  }
}
