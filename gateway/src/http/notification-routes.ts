import {
  AppError,
  NotificationQuery,
  parseInput,
  SnoozeInput,
  WebhookSettings,
  type NotifierApi,
} from '@todo/contracts';
import type { Authed } from './auth.js';
import { queryObject, readJson, uuidParam } from './body.js';
import { json, type RequestContext } from './context.js';
import type { Router } from './router.js';

/**
 * The notification inbox under /api/v1/notifications, and the caller's webhook at /api/v1/me/webhook: thin handlers that call the notifier. Input is
 * checked here with the contracts' schemas too, so a bad request is a 400 that names the field, whichever
 * notifier (in-process or remote) answers; the notifier still validates what it is given.
 */
export function addNotificationRoutes(router: Router, notifier: NotifierApi, authed: Authed): Router {
  const notificationId = (ctx: RequestContext) => uuidParam(ctx, 'notification');
  return router
    .on(
      'GET',
      '/api/v1/notifications',
      authed(async (ctx, actor) => {
        const query = queryObject(ctx);
        parseInput(NotificationQuery, query, 'query');
        // The raw strings go on: NotifierApi takes the query as it came, like core's listTasks.
        return json(await notifier.listNotifications(actor, query));
      }),
    )
    .on(
      'POST',
      '/api/v1/notifications/read-all',
      authed(async (_ctx, actor) => json({ count: await notifier.markAllRead(actor) })),
    )
    .on(
      'POST',
      '/api/v1/notifications/:id/read',
      authed(async (ctx, actor) => json(await notifier.markRead(actor, notificationId(ctx)))),
    )
    .on(
      'POST',
      '/api/v1/notifications/:id/snooze',
      authed(async (ctx, actor) => {
        const id = notificationId(ctx);
        const input = parseInput(SnoozeInput, readJson(ctx));
        return json(await notifier.snooze(actor, id, input));
      }),
    )
    .on(
      'PUT',
      '/api/v1/me/webhook',
      authed(async (ctx, actor) => {
        const input = parseInput(WebhookSettings, readJson(ctx));
        return json(await notifier.setWebhook(actor, input));
      }),
    )
    .on(
      'GET',
      '/api/v1/me/webhook',
      authed(async (_ctx, actor) => {
        const webhook = await notifier.getWebhook(actor);
        if (!webhook) throw new AppError('not_found', 'No webhook is set');
        return json(webhook);
      }),
    )
    .on(
      'DELETE',
      '/api/v1/me/webhook',
      authed(async (_ctx, actor) => {
        await notifier.deleteWebhook(actor);
        return new Response(null, { status: 204 });
      }),
    );
}
