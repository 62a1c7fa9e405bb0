import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import type { User } from './auth.js';
import type { TaskEvent } from './events.js';
import type { Notification } from './notifications.js';
import { ConversationId, MAX_CHAT_MESSAGE_LENGTH, type ChatReply } from './chat.js';
import { PlainText } from './task.js';

/** Frames are JSON objects `{type, id?, ...}`; `id` is echoed in the reply so a client can match them. */
const FrameId = z.string().max(64).optional();

export const WS_TOPICS = ['tasks', 'notifications'] as const;

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), id: FrameId, token: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('subscribe'), id: FrameId, topics: z.array(z.enum(WS_TOPICS)).max(8) }),
  z.strictObject({ type: z.literal('ping'), id: FrameId }),
  z.strictObject({ type: z.literal('resume'), id: FrameId, lastSeq: z.int().min(0) }),
  /** A message to the assistant: answered by `chat.delta` frames, then one `chat.done` (same `id`). */
  z.strictObject({
    type: z.literal('chat.send'),
    id: FrameId,
    text: PlainText.trim()
      .min(1, { message: 'Say something' })
      .max(MAX_CHAT_MESSAGE_LENGTH, { message: `At most ${MAX_CHAT_MESSAGE_LENGTH} characters` }),
    conversationId: ConversationId.optional(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { type: 'ready'; id?: string; user: User; seq: number }
  | { type: 'subscribed'; id?: string; topics: string[] }
  | { type: 'task.event'; event: TaskEvent }
  /** A reminder fired (topic `notifications`). */
  | { type: 'notification'; notification: Notification }
  /** A piece of the assistant's reply, as it is written. */
  | { type: 'chat.delta'; id?: string; delta: string }
  /** The whole reply, with what was done (`actions`) and the tasks it shows. */
  | ({ type: 'chat.done'; id?: string } & ChatReply)
  | { type: 'pong'; id?: string }
  /** The client missed more than the server keeps: it should reload its list. */
  | { type: 'reload'; id?: string; seq: number }
  | { type: 'error'; id?: string; code: ErrorCode | 'invalid_frame'; message: string };
