import {
  CHAT_HISTORY_LIMIT,
  type ChatTurn,
  type CreateTaskInput,
  type UpdateTaskInput,
} from '@todo/contracts';
import type { Intent } from './intent.js';

/** How many changes "undo" can walk back. */
export const UNDO_LIMIT = 20;

/** The inverse of one change to one task, enough to put it back as it was. */
export type UndoStep =
  | { kind: 'created'; taskId: string }
  | { kind: 'updated'; taskId: string; before: UpdateTaskInput }
  /** `nextId`: the occurrence the completion created, deleted when it is undone. */
  | { kind: 'completed'; taskId: string; nextId?: string }
  | { kind: 'reopened'; taskId: string }
  | { kind: 'deleted'; task: CreateTaskInput };

/** One message's changes (several for "mark both done"), undone together. */
export interface UndoEntry {
  /** What the message did, for the reply ("completed", "deleted" …). */
  what: string;
  steps: UndoStep[];
}

/** A question waiting for a numbered answer: what to do with the task the user picks. */
export interface PendingChoice {
  intent: Intent;
  /** Task ids, in the order the choices were numbered. */
  choices: string[];
}

/**
 * What the assistant remembers of one conversation, so "it", "the second one", "both", "2" and "undo"
 * mean something: the last list shown, the tasks last touched, an open question, and the undo history.
 * Stored whole per conversation (the state port), bounded.
 */
export interface ConversationState {
  turns: ChatTurn[];
  /** Ids of the last list shown, in its order. */
  shown: string[];
  /** Ids of the tasks the last change touched. */
  touched: string[];
  pending: PendingChoice | null;
  undo: UndoEntry[];
}

export function emptyConversation(): ConversationState {
  return { turns: [], shown: [], touched: [], pending: null, undo: [] };
}

/** Adds turns, keeping the newest `CHAT_HISTORY_LIMIT`. */
export function withTurns(state: ConversationState, ...turns: ChatTurn[]): ConversationState {
  return { ...state, turns: [...state.turns, ...turns].slice(-CHAT_HISTORY_LIMIT) };
}

/** Records a change to undo later, keeping the newest `UNDO_LIMIT`. */
export function withUndo(state: ConversationState, entry: UndoEntry): ConversationState {
  return entry.steps.length ? { ...state, undo: [...state.undo, entry].slice(-UNDO_LIMIT) } : state;
}
