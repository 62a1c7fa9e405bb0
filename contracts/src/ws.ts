import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import type { User } from './auth.js';
import type { TaskEvent } from './events.js';
import type { Notification } from './notifications.js';
import { ConversationId, MAX_CHAT_MESSAGE_LENGTH, type ChatReply } from './chat.js';
import { PlainText } from './task.js';

/** Frames are JSON objects `{type, id?, ...}`; `id` is echoed in the reply so a client can match them. */
const FrameId = z.string().max(64).optional();

/**
 * Any client frame may carry W3C trace context (`traceparent`, `tracestate`), so a trace started in the
 * browser continues through the gateway and everything the frame causes.
 */
const TraceContext = {
  traceparent: z
    .string()
    .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/, { message: 'Must be a W3C traceparent' })
    .optional(),
  tracestate: z.string().max(512).optional(),
};

export const WS_TOPICS = ['tasks', 'notifications'] as const;

/** A client frame of `type`: its fields, with `id` and trace context. */
const clientFrame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), id: FrameId, ...TraceContext, ...shape });

export const ClientFrame = z.discriminatedUnion('type', [
  clientFrame('auth', { token: z.string().min(1).max(4096) }),
  clientFrame('subscribe', { topics: z.array(z.enum(WS_TOPICS)).max(8) }),
  clientFrame('ping', {}),
  clientFrame('resume', { lastSeq: z.int().min(0) }),
  /** A message to the assistant: answered by `chat.delta` frames, then one `chat.done` (same `id`). */
  clientFrame('chat.send', {
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
