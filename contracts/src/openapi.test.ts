import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.js';

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument('1.2.3');

  it('is an OpenAPI 3.1.0 document with the given version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
  });

  it('has every path with the expected methods', () => {
    const methods = Object.fromEntries(
      Object.entries(doc.paths ?? {}).map(([path, item]) => [
        path,
        Object.keys(item ?? {})
          .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
          .sort(),
      ]),
    );
    expect(methods).toEqual({
      '/auth/signup': ['post'],
      '/auth/login': ['post'],
      '/me': ['get', 'patch'],
      '/me/webhook': ['delete', 'get', 'put'],
      '/tasks': ['get', 'post'],
      '/tasks/{id}': ['delete', 'get', 'patch'],
      '/tasks/{id}/complete': ['post'],
      '/tasks/{id}/reopen': ['post'],
      '/tags': ['get'],
      '/notifications': ['get'],
      '/notifications/read-all': ['post'],
      '/notifications/{id}/read': ['post'],
      '/notifications/{id}/snooze': ['post'],
    });
  });

  it('has the Task schema and the bearer scheme as components', () => {
    const task = doc.components?.schemas?.Task as
      { type?: string; properties?: Record<string, unknown> } | undefined;
    expect(task?.type).toBe('object');
    expect(Object.keys(task?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'title', 'version', 'tags']),
    );
    expect(doc.components?.schemas).toHaveProperty('Error');
    expect(doc.components?.securitySchemes).toHaveProperty('bearer');
  });

  it('marks authed operations and leaves signup/login open', () => {
    expect(doc.paths?.['/auth/login']?.post?.security).toBeUndefined();
    expect(doc.paths?.['/tasks']?.get?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths?.['/tasks/{id}']?.patch?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '412', '429']),
    );
  });

  it('describes the list query parameters and the task id path parameter', () => {
    const listParams = (doc.paths?.['/tasks']?.get?.parameters ?? []) as { name: string; in: string }[];
    expect(listParams.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'status', 'priority', 'tags', 'limit', 'cursor']),
    );
    const getParams = (doc.paths?.['/tasks/{id}']?.get?.parameters ?? []) as {
      name: string;
      in: string;
      required?: boolean;
    }[];
    expect(getParams).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
  });

  it('describes the notification routes with their schemas', () => {
    expect(doc.components?.schemas).toHaveProperty('Notification');
    expect(doc.components?.schemas).toHaveProperty('NotificationPage');
    expect(doc.components?.schemas).toHaveProperty('SnoozeInput');
    expect(doc.components?.schemas).toHaveProperty('WebhookSettings');
    expect(doc.paths?.['/me/webhook']?.put?.security).toEqual([{ bearer: [] }]);
    const listParams = (doc.paths?.['/notifications']?.get?.parameters ?? []) as {
      name: string;
      in: string;
    }[];
    expect(listParams.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['unread', 'limit']),
    );
    const snooze = doc.paths?.['/notifications/{id}/snooze']?.post;
    expect(snooze?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(snooze?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '429']),
    );
    expect(snooze?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
  });
});
