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
});
