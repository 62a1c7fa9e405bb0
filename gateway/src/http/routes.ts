import {
  parseInput,
  UpdateUserInput,
  type CoreApi,
  type CreateTaskInput,
  type LoginInput,
  type NotifierApi,
  type SignupInput,
  type Task,
  type UpdateTaskInput,
} from '@todo/contracts';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { requireAuth, type Authed } from './auth.js';
import { ifMatchVersion, queryObject, readJson, taskIdParam } from './body.js';
import { compose, json, type Handler } from './context.js';
import { addChatRoutes } from './chat-routes.js';
import { addNotificationRoutes } from './notification-routes.js';
import { rateLimit, type TokenBuckets } from './rate-limit.js';
import { Router } from './router.js';

export interface ApiDeps {
  core: CoreApi;
  notifier: NotifierApi;
  verifier: TokenVerifier;
  /** Per user, for everything behind a token. */
  userLimit: TokenBuckets;
  /** Per client address, for sign-up and log-in (password guessing). */
  authLimit: TokenBuckets;
  openApiDocument: unknown;
}

const taskResponse = (task: Task, status = 200, headers: Record<string, string> = {}) =>
  json(task, status, { etag: `"${task.version}"`, ...headers });

/** The REST API: thin handlers that read the request and call core (or the notifier). */
export function apiRouter({
  core,
  notifier,
  verifier,
  userLimit,
  authLimit,
  openApiDocument,
}: ApiDeps): Router {
  const authed: Authed = (handler) =>
    compose([requireAuth(verifier), rateLimit(userLimit, (ctx) => `user:${ctx.actor!.userId}`)], (ctx) =>
      handler(ctx, ctx.actor!),
    );
  const guarded = (handler: Handler) => compose([rateLimit(authLimit, (ctx) => `auth:${ctx.ip}`)], handler);

  const router = new Router()
    .on('GET', '/healthz', async () => json({ status: 'ok' }))
    .on('GET', '/readyz', async () => {
      try {
        await core.checkReady();
        return json({ status: 'ready' });
      } catch {
        return json({ status: 'unavailable' }, 503);
      }
    })
    .on('GET', '/api/v1/openapi.json', async () => json(openApiDocument))
    .on(
      'POST',
      '/api/v1/auth/signup',
      guarded(async (ctx) => json(await core.signup(readJson<SignupInput>(ctx)), 201)),
    )
    .on(
      'POST',
      '/api/v1/auth/login',
      guarded(async (ctx) => json(await core.login(readJson<LoginInput>(ctx)))),
    )
    .on(
      'GET',
      '/api/v1/me',
      authed(async (_ctx, actor) => json(await core.me(actor))),
    )
    .on(
      'PATCH',
      '/api/v1/me',
      // Checked here too (as the notification routes do), so bad settings are a 400 naming the field before
      // anything crosses to core; core validates what it is given all the same.
      authed(async (ctx, actor) =>
        json(await core.updateMe(actor, parseInput(UpdateUserInput, readJson(ctx)))),
      ),
    )
    .on(
      'GET',
      '/api/v1/tasks',
      authed(async (ctx, actor) => json(await core.listTasks(actor, queryObject(ctx)))),
    )
    .on(
      'POST',
      '/api/v1/tasks',
      authed(async (ctx, actor) => {
        const task = await core.createTask(actor, readJson<CreateTaskInput>(ctx));
        return taskResponse(task, 201, { location: `/api/v1/tasks/${task.id}` });
      }),
    )
    .on(
      'GET',
      '/api/v1/tasks/:id',
      authed(async (ctx, actor) => taskResponse(await core.getTask(actor, taskIdParam(ctx)))),
    )
    .on(
      'PATCH',
      '/api/v1/tasks/:id',
      authed(async (ctx, actor) =>
        taskResponse(
          await core.updateTask(actor, taskIdParam(ctx), readJson<UpdateTaskInput>(ctx), ifMatchVersion(ctx)),
        ),
      ),
    )
    .on(
      'DELETE',
      '/api/v1/tasks/:id',
      authed(async (ctx, actor) => {
        await core.deleteTask(actor, taskIdParam(ctx), ifMatchVersion(ctx));
        return new Response(null, { status: 204 });
      }),
    )
    .on(
      'POST',
      '/api/v1/tasks/:id/complete',
      authed(async (ctx, actor) =>
        taskResponse(await core.completeTask(actor, taskIdParam(ctx), ifMatchVersion(ctx))),
      ),
    )
    .on(
      'POST',
      '/api/v1/tasks/:id/reopen',
      authed(async (ctx, actor) =>
        taskResponse(await core.reopenTask(actor, taskIdParam(ctx), ifMatchVersion(ctx))),
      ),
    )
    .on(
      'GET',
      '/api/v1/tags',
      authed(async (_ctx, actor) => json(await core.listTags(actor))),
    );
  return addChatRoutes(addNotificationRoutes(router, notifier, authed), core, authed);
}
