import {
  AppError,
  ChatHistoryQuery,
  ChatInput,
  DEFAULT_CONVERSATION,
  parseInput,
  type Actor,
  type ChatAction,
  type ChatHistory,
  type ChatReply,
  type ChatTurn,
  type Task,
} from '@todo/contracts';
import {
  emptyConversation,
  withTurns,
  type ConversationState,
} from '../../domain/chat/conversation-state.js';
import { renderReply } from '../../domain/chat/reply.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import type { Clock } from '../../ports/runtime.js';
import type { UserRepository } from '../../ports/user-repository.js';
import type { ChatEngine } from './engine.js';

export interface ChatServiceDeps {
  engine: ChatEngine;
  conversations: ConversationStore;
  users: UserRepository;
  clock: Clock;
}

/** Saving a conversation that another message saved first: merge and try again, this many times. */
const SAVE_ATTEMPTS = 5;

/**
 * The assistant's use cases: a message in, a reply out (streamed in pieces as it is written), the
 * conversation kept per user through the state port. The reply is rendered from the structured actions,
 * so it always says what changed.
 */
export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  async send(actor: Actor, input: unknown, onDelta: (text: string) => void = () => {}): Promise<ChatReply> {
    const { message, conversationId = DEFAULT_CONVERSATION } = parseInput(ChatInput, input);
    const { conversations, clock } = this.deps;
    const timeZone = await this.timeZoneOf(actor);
    const now = clock.now();
    const stored = await conversations.load(actor.userId, conversationId);
    const before = stored?.state ?? emptyConversation();

    const turn = await this.deps.engine.respond(message, before, { actor, timeZone, now }, onDelta);
    // A reply the engine did not write (the offline one's) is rendered from the actions and streamed now,
    // a few words at a time. (After an LLM that failed part-way, chat.done's reply is the one that counts.)
    const reply = turn.reply ?? renderReply(turn.actions, { timeZone, now });
    if (turn.reply === undefined) for (const piece of pieces(reply)) onDelta(piece);

    const at = now.toISOString();
    const turns: ChatTurn[] = [
      { role: 'user', text: message, at },
      { role: 'assistant', text: reply, at, actions: turn.actions },
    ];
    await this.save(
      actor.userId,
      conversationId,
      withTurns(turn.state, ...turns),
      stored?.etag ?? null,
      turns,
    );
    return { conversationId, reply, actions: turn.actions, tasks: tasksOf(turn.actions) };
  }

  async history(actor: Actor, rawQuery: Record<string, string>): Promise<ChatHistory> {
    const { conversationId = DEFAULT_CONVERSATION } = parseInput(ChatHistoryQuery, rawQuery, 'query');
    const stored = await this.deps.conversations.load(actor.userId, conversationId);
    return { conversationId, turns: stored?.state.turns ?? [] };
  }

  /**
   * Saves the conversation; when another message (another tab) saved in between, keeps that one's turns
   * and adds ours after them, with our context (what was shown, touched, asked, undoable last).
   */
  private async save(
    userId: string,
    conversationId: string,
    state: ConversationState,
    etag: string | null,
    turns: ChatTurn[],
  ): Promise<void> {
    const { conversations } = this.deps;
    let next = state;
    let tag = etag;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      if (await conversations.save(userId, conversationId, next, tag)) return;
      const current = await conversations.load(userId, conversationId);
      tag = current?.etag ?? null;
      const theirs = current?.state ?? emptyConversation();
      next = withTurns({ ...state, turns: theirs.turns, undo: mergeUndo(theirs, state) }, ...turns);
    }
    throw new AppError('conflict', 'This conversation is busy; send the message again');
  }

  private async timeZoneOf(actor: Actor): Promise<string> {
    const user = await this.deps.users.findById(actor.userId);
    if (!user) throw new AppError('unauthenticated', 'The account of this token no longer exists');
    return user.timezone;
  }
}

/** Their undo history, then what ours added on top of the state we started from. */
function mergeUndo(theirs: ConversationState, ours: ConversationState): ConversationState['undo'] {
  const known = new Set(theirs.undo.map((entry) => JSON.stringify(entry)));
  return [...theirs.undo, ...ours.undo.filter((entry) => !known.has(JSON.stringify(entry)))];
}

/** The reply in pieces of a few words, as a stream would bring it. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Every task the actions show, once each, as it is after them. */
function tasksOf(actions: ChatAction[]): Task[] {
  const byId = new Map<string, Task>();
  for (const action of actions) {
    if ('task' in action && action.task) byId.set(action.task.id, action.task);
    if (action.kind === 'completed' && action.next) byId.set(action.next.id, action.next);
    if (action.kind === 'listed') for (const task of action.tasks) byId.set(task.id, task);
    if (action.kind === 'asked') for (const choice of action.choices) byId.set(choice.task.id, choice.task);
  }
  return [...byId.values()];
}
