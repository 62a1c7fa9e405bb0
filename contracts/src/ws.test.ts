import { describe, expect, it } from 'vitest';
import { ClientFrame } from './ws.js';

describe('ClientFrame', () => {
  it.each([
    { type: 'auth', token: 'abc.def.ghi' },
    { type: 'auth', id: '1', token: 't' },
    { type: 'ping' },
    { type: 'ping', id: 'p-7' },
    { type: 'subscribe', topics: ['tasks', 'notifications'] },
    { type: 'subscribe', id: 's', topics: [] },
    { type: 'resume', lastSeq: 0 },
    { type: 'resume', id: 'r', lastSeq: 42 },
  ])('parses %j', (frame) => {
    expect(ClientFrame.parse(frame)).toEqual(frame);
  });

  it.each([
    ['an unknown type', { type: 'shout' }],
    ['no type', { token: 't' }],
    ['an extra key', { type: 'ping', extra: true }],
    ['an extra key on auth', { type: 'auth', token: 't', userId: 'u' }],
    ['an empty token', { type: 'auth', token: '' }],
    ['an over-long token', { type: 'auth', token: 'x'.repeat(4097) }],
    ['an unknown topic', { type: 'subscribe', topics: ['admin'] }],
    ['a negative lastSeq', { type: 'resume', lastSeq: -1 }],
    ['a fractional lastSeq', { type: 'resume', lastSeq: 1.5 }],
    ['a string lastSeq', { type: 'resume', lastSeq: '3' }],
    ['an over-long id', { type: 'ping', id: 'x'.repeat(65) }],
    ['a non-object', 'ping'],
  ])('rejects %s', (_name, frame) => {
    expect(ClientFrame.safeParse(frame).success).toBe(false);
  });

  it('takes W3C trace context on any frame, and refuses a malformed traceparent', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(ClientFrame.parse({ type: 'ping', traceparent, tracestate: 'k=v' })).toMatchObject({
      traceparent,
    });
    const bad = ClientFrame.safeParse({ type: 'ping', traceparent: 'not-a-trace' });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['traceparent'],
      message: 'Must be a W3C traceparent',
    });
  });
});
