import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ApiErrorBody } from './errors.js';
import { AuthResult, LoginInput, SignupInput, UpdateUserInput, User } from './auth.js';
import {
  Notification,
  NotificationPage,
  NotificationQuery,
  SnoozeInput,
  Webhook,
  WebhookCreated,
  WebhookSettings,
} from './notifications.js';
import { CreateTaskInput, TagCount, Task, UpdateTaskInput } from './task.js';
import { TaskListQuery, TaskPage } from './task-query.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: z.ZodType) => ({ description, ...json(schema) });
const error = (description: string) => ok(description, ApiErrorBody);

const taskId = z.object({ id: z.uuid().meta({ description: 'Task id' }) });
const notificationId = z.object({ id: z.uuid().meta({ description: 'Notification id' }) });
const ifMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'The version the change is based on; 412 when it moved on' }),
});

const authed = (op: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
  security: [{ bearer: [] }],
  ...op,
  responses: {
    ...op.responses,
    '401': error('Missing or invalid token'),
    '429': error('Rate limited; see Retry-After'),
  },
});

const taskChange = (summary: string, extra: Partial<ZodOpenApiOperationObject> = {}) =>
  authed({
    summary,
    requestParams: { path: taskId, header: ifMatch },
    ...extra,
    responses: {
      '200': ok('The task after the change', Task),
      '400': error('Invalid input; every field problem is named'),
      '404': error('No such task for this user'),
      '412': error('If-Match does not match the current version'),
    },
  });

const paths: ZodOpenApiPathsObject = {
  '/auth/signup': {
    post: {
      summary: 'Create an account',
      requestBody: json(SignupInput),
      responses: {
        '201': ok('Signed up', AuthResult),
        '400': error('Invalid input'),
        '409': error('Email already registered'),
      },
    },
  },
  '/auth/login': {
    post: {
      summary: 'Log in',
      requestBody: json(LoginInput),
      responses: { '200': ok('Logged in', AuthResult), '401': error('Wrong email or password') },
    },
  },
  '/me': {
    get: authed({ summary: 'The current user', responses: { '200': ok('The user', User) } }),
    patch: authed({
      summary:
        "Change the caller's settings: the time zone (the default of new tasks and how the chat reads " +
        'dates; existing tasks keep their own) and the name (null or blank clears it)',
      requestBody: json(UpdateUserInput),
      responses: {
        '200': ok('The user after the change', User),
        '400': error('Invalid input; every field problem is named'),
      },
    }),
  },
  '/me/webhook': {
    put: authed({
      summary:
        'Set (or replace) the webhook each notification is POSTed to, signed: ' +
        'x-todo-signature = sha256=<hex HMAC-SHA256 of the body with the secret>, ' +
        'x-todo-delivery = the notification id (at least once: dedupe by it)',
      requestBody: json(WebhookSettings),
      responses: {
        '200': ok('The webhook and its secret (generated when not given), shown this once', WebhookCreated),
        '400': error('Invalid input; every field problem is named'),
      },
    }),
    get: authed({
      summary: "The caller's webhook (without its secret)",
      responses: { '200': ok('The webhook', Webhook), '404': error('No webhook is set') },
    }),
    delete: authed({
      summary: "Remove the caller's webhook; pending deliveries are dropped",
      responses: { '204': { description: 'Removed (or there was none)' } },
    }),
  },
  '/tasks': {
    get: authed({
      summary: 'List, search, filter and sort tasks',
      requestParams: { query: TaskListQuery },
      responses: { '200': ok('A page of tasks', TaskPage), '400': error('Invalid query') },
    }),
    post: authed({
      summary: 'Create a task',
      requestBody: json(CreateTaskInput),
      responses: { '201': ok('Created', Task), '400': error('Invalid input') },
    }),
  },
  '/tasks/{id}': {
    get: authed({
      summary: 'One task',
      requestParams: { path: taskId },
      responses: { '200': ok('The task', Task), '404': error('No such task for this user') },
    }),
    patch: taskChange('Change fields of a task', { requestBody: json(UpdateTaskInput) }),
    delete: authed({
      summary: 'Delete a task',
      requestParams: { path: taskId, header: ifMatch },
      responses: {
        '204': { description: 'Deleted' },
        '404': error('No such task for this user'),
        '412': error('If-Match does not match the current version'),
      },
    }),
  },
  '/tasks/{id}/complete': { post: taskChange('Mark a task done') },
  '/tasks/{id}/reopen': { post: taskChange('Mark a task open again') },
  '/tags': {
    get: authed({
      summary: "The caller's tags with counts",
      responses: { '200': ok('Tags', z.array(TagCount)) },
    }),
  },
  '/notifications': {
    get: authed({
      summary: "The caller's notifications (reminders that fired), newest first",
      requestParams: { query: NotificationQuery },
      responses: { '200': ok('Notifications', NotificationPage), '400': error('Invalid query') },
    }),
  },
  '/notifications/read-all': {
    post: authed({
      summary: "Mark all the caller's notifications read",
      responses: { '200': ok('How many it marked', z.object({ count: z.int().min(0) })) },
    }),
  },
  '/notifications/{id}/read': {
    post: authed({
      summary: 'Mark a notification read (again: no change)',
      requestParams: { path: notificationId },
      responses: {
        '200': ok('The notification', Notification),
        '400': error('Invalid notification id'),
        '404': error('No such notification for this user'),
      },
    }),
  },
  '/notifications/{id}/snooze': {
    post: authed({
      summary: 'Fire the reminder of a notification again later',
      requestParams: { path: notificationId },
      requestBody: json(SnoozeInput),
      responses: {
        '200': ok('When it fires again', z.object({ fireAt: z.iso.datetime() })),
        '400': error('Invalid input; every field problem is named'),
        '404': error('No such notification for this user'),
        '409': error('The task of the reminder is done or deleted: nothing to snooze'),
      },
    }),
  },
};

/** The OpenAPI 3.1 document of the REST API, generated from the same zod schemas that validate it. */
export function buildOpenApiDocument(version: string): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Todo chatbot API', version },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
