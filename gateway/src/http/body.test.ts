import { describe, expect, it } from 'vitest';
import type { RequestContext } from './context.js';
import { ifMatchVersion, queryObject, readJson, taskIdParam } from './body.js';
import { thrownAppError } from '../../../testing/app-error.js';

function ctx(over: Partial<RequestContext> = {}): RequestContext {
  return {
    method: 'POST',
    url: new URL('http://x/api/v1/tasks'),
    headers: new Headers(),
    body: new Uint8Array(),
    ip: '127.0.0.1',
    params: {},
    ...over,
  };
}

describe('readJson', () => {
  it('reads an empty body as {}', () => {
    expect(readJson(ctx())).toEqual({});
  });

  it('parses a UTF-8 JSON body', () => {
    const body = new TextEncoder().encode('{"title":"Käse kaufen","tags":["a"]}');
    expect(readJson(ctx({ body }))).toEqual({ title: 'Käse kaufen', tags: ['a'] });
  });

  it.each([
    ['invalid JSON', new TextEncoder().encode('{"title":')],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
  ])('rejects %s as invalid_input on fields.body', (_name, body) => {
    const error = thrownAppError(() => readJson(ctx({ body })));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toHaveProperty('body');
  });
});

describe('taskIdParam', () => {
  it('accepts a UUID and lower-cases it', () => {
    const id = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
    expect(taskIdParam(ctx({ params: { id } }))).toBe(id.toLowerCase());
  });

  it.each([
    '',
    '42',
    'not-a-uuid',
    '3f2504e0-4f89-11d3-9a0c-0305e82c3301x',
    ' 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  ])('rejects %j as invalid_input on fields.id', (id) => {
    const error = thrownAppError(() => taskIdParam(ctx({ params: { id } })));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toHaveProperty('id');
  });

  it('rejects a missing id', () => {
    expect(thrownAppError(() => taskIdParam(ctx())).fields).toHaveProperty('id');
  });
});

describe('ifMatchVersion', () => {
  const withIfMatch = (value: string) => ctx({ headers: new Headers({ 'if-match': value }) });

  it.each(['3', '"3"', 'W/"3"', ' "3" '])('reads %j as version 3', (value) => {
    expect(ifMatchVersion(withIfMatch(value))).toBe(3);
  });

  it('is undefined without the header', () => {
    expect(ifMatchVersion(ctx())).toBeUndefined();
  });

  it.each(['abc', '*', '"3", "4"', '-1', '1.5', '1234567890'])('rejects %j as invalid_input', (value) => {
    const error = thrownAppError(() => ifMatchVersion(withIfMatch(value)));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toHaveProperty('if-match');
  });
});

describe('queryObject', () => {
  it('turns the query string into a plain object', () => {
    const url = new URL('http://x/api/v1/tasks?status=all&tags=a%2Cb&q=');
    expect(queryObject(ctx({ url }))).toEqual({ status: 'all', tags: 'a,b', q: '' });
  });

  it('rejects a repeated parameter, naming it', () => {
    const url = new URL('http://x/api/v1/tasks?tags=a&status=open&tags=b');
    const error = thrownAppError(() => queryObject(ctx({ url })));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('tags');
    expect(Object.keys(error.fields ?? {})).toEqual(['tags']);
  });

  // Fails today: body.ts uses `key in query`, which also sees Object.prototype's keys (see the report).
  it.each(['constructor', 'toString', '__proto__'])('accepts the parameter %j given once', (key) => {
    const url = new URL(`http://x/api/v1/tasks?${key}=1`);
    expect(Object.entries(queryObject(ctx({ url })))).toEqual([[key, '1']]);
  });
});
