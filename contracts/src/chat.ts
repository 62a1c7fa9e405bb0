import { z } from 'zod';
import { PlainText, Task } from './task.js';

export const MAX_CHAT_MESSAGE_LENGTH = 2_000;
/** Turns a conversation keeps (user and assistant messages); older ones are dropped. */
export const CHAT_HISTORY_LIMIT = 100;
/** The conversation a message goes to when it names none: one running conversation per user. */
export const DEFAULT_CONVERSATION = 'main';

export const ConversationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Letters, digits, "-" and "_", at most 64' })
  .meta({ id: 'ConversationId' });

/** A message to the assistant (REST `POST /chat`; the WebSocket's `chat.send` carries the same). */
export const ChatInput = z
  .strictObject({
    message: PlainText.trim()
      .min(1, { message: 'Say something' })
      .max(MAX_CHAT_MESSAGE_LENGTH, { message: `At most ${MAX_CHAT_MESSAGE_LENGTH} characters` }),
    conversationId: ConversationId.optional(),
  })
  .meta({ id: 'ChatInput' });
export type ChatInput = z.input<typeof ChatInput>;

/** A numbered choice the assistant offers when a message could mean several tasks. */
export const ChatChoice = z.object({ number: z.int().min(1), task: Task });

/**
 * What the assistant did for one message, as data: the reply text is rendered from these, and the UI shows
 * them as task chips and links. `changed` names the fields an update changed.
 */
export const ChatAction = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('created'), task: Task }),
    z.object({ kind: z.literal('updated'), task: Task, changed: z.array(z.string()) }),
    /** `next`: the occurrence a recurring task's completion created. */
    z.object({ kind: z.literal('completed'), task: Task, next: Task.optional() }),
    z.object({ kind: z.literal('reopened'), task: Task }),
    z.object({ kind: z.literal('deleted'), task: Task }),
    z.object({ kind: z.literal('snoozed'), task: Task }),
    z.object({ kind: z.literal('listed'), query: z.record(z.string(), z.string()), tasks: z.array(Task) }),
    /** Undo: what was undone (the action it reversed), and the task as it is now (null: deleted). */
    z.object({ kind: z.literal('undone'), undid: z.string(), task: Task.nullable() }),
    z.object({ kind: z.literal('asked'), question: z.string(), choices: z.array(ChatChoice) }),
    /** Could not be done, and nothing changed: `message` says why ("Nothing to undo", a bad value). */
    z.object({ kind: z.literal('refused'), message: z.string() }),
    /** Nothing matched what the message named ("delete the spaceship"). */
    z.object({ kind: z.literal('not_found'), text: z.string() }),
    z.object({ kind: z.literal('help') }),
    z.object({ kind: z.literal('not_understood') }),
  ])
  .meta({ id: 'ChatAction' });
export type ChatAction = z.infer<typeof ChatAction>;

/** The actions that changed data: a reply must say each of them. */
export const CHANGE_KINDS: ReadonlyArray<ChatAction['kind']> = [
  'created',
  'updated',
  'completed',
  'reopened',
  'deleted',
  'snoozed',
  'undone',
];
export const isChange = (action: ChatAction): boolean =>
  action.kind === 'updated' ? action.changed.length > 0 : CHANGE_KINDS.includes(action.kind);

/** The assistant's answer to one message. `tasks`: every task the actions show, as they are now. */
export const ChatReply = z
  .object({
    conversationId: ConversationId,
    reply: z.string(),
    actions: z.array(ChatAction),
    tasks: z.array(Task),
  })
  .meta({ id: 'ChatReply' });
export type ChatReply = z.infer<typeof ChatReply>;

export const ChatTurn = z
  .object({
    role: z.enum(['user', 'assistant']),
    text: z.string(),
    at: z.iso.datetime(),
    actions: z.array(ChatAction).optional(),
  })
  .meta({ id: 'ChatTurn' });
export type ChatTurn = z.infer<typeof ChatTurn>;

export const ChatHistory = z
  .object({ conversationId: ConversationId, turns: z.array(ChatTurn) })
  .meta({ id: 'ChatHistory' });
export type ChatHistory = z.infer<typeof ChatHistory>;

export const ChatHistoryQuery = z
  .strictObject({ conversationId: ConversationId.optional() })
  .meta({ id: 'ChatHistoryQuery' });
