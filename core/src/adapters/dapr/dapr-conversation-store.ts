import { daprFetch, type DaprRequestInit } from '@todo/platform';
import type { ConversationState } from '../../domain/chat/conversation-state.js';
import type { ConversationStore, StoredConversation } from '../../ports/conversation-store.js';

export interface DaprStateOptions {
  daprHttpPort: number;
  /** The state store component (dapr/resources/statestore.yaml). */
  storeName: string;
  timeoutMs?: number;
}

/**
 * Conversations in a Dapr state store (the dapr runtime): one key per user and conversation, saved with
 * first-write concurrency. With an ETag the save is an update that Dapr refuses with 409 when someone saved
 * in between; without one it is a create, which the store refuses when the key exists.
 */
export class DaprConversationStore implements ConversationStore {
  private readonly path: string;

  constructor(private readonly options: DaprStateOptions) {
    this.path = `/v1.0/state/${options.storeName}`;
  }

  async load(userId: string, conversationId: string): Promise<StoredConversation | null> {
    const response = await this.request(`${this.path}/${encodeURIComponent(keyOf(userId, conversationId))}`);
    if (response.status === 204) return null;
    if (!response.ok) throw await failure('read', response);
    const etag = response.headers.get('etag');
    if (!etag) throw new Error('Dapr state: a conversation came back without an ETag');
    return { state: (await response.json()) as ConversationState, etag };
  }

  async save(
    userId: string,
    conversationId: string,
    state: ConversationState,
    etag: string | null,
  ): Promise<boolean> {
    const key = keyOf(userId, conversationId);
    const response = await this.request(this.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { key, value: state, ...(etag && { etag }), options: { concurrency: 'first-write' } },
      ]),
    });
    if (response.ok) return true;
    if (etag && response.status === 409) return false;
    // A create of a key that exists fails as an error, not a 409: it lost the race if the key is there now.
    const error = await failure('save', response);
    if (!etag && (await this.load(userId, conversationId))) return false;
    throw error;
  }

  private request(path: string, init: DaprRequestInit = {}): Promise<Response> {
    return daprFetch(this.options.daprHttpPort, path, { ...init, timeoutMs: this.options.timeoutMs });
  }
}

const keyOf = (userId: string, conversationId: string) => `chat:${userId}:${conversationId}`;

async function failure(what: string, response: Response): Promise<Error> {
  return new Error(
    `Dapr state could not ${what} a conversation: ${response.status} ${await response.text()}`,
  );
}
