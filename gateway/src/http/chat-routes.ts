import type { ChatInput, CoreApi } from '@todo/contracts';
import type { Authed } from './auth.js';
import { queryObject, readJson } from './body.js';
import { json } from './context.js';
import type { Router } from './router.js';

/**
 * The assistant for clients without a socket: `POST /api/v1/chat {message, conversationId?}` answers the
 * whole reply at once (the WebSocket's `chat.send` streams it); `GET /api/v1/chat/history`.
 */
export function addChatRoutes(router: Router, core: CoreApi, authed: Authed): Router {
  return router
    .on(
      'POST',
      '/api/v1/chat',
      authed(async (ctx, actor) => json(await core.chat(actor, readJson<ChatInput>(ctx)))),
    )
    .on(
      'GET',
      '/api/v1/chat/history',
      authed(async (ctx, actor) => json(await core.chatHistory(actor, queryObject(ctx)))),
    );
}
