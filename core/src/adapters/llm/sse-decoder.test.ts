import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseEvent } from './sse-decoder.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Decodes `input` fed as the given pieces, then ends the stream. */
function decode(pieces: Uint8Array[]): SseEvent[] {
  const decoder = new SseDecoder();
  return [...pieces.flatMap((piece) => decoder.push(piece)), ...decoder.end()];
}

// What OpenAI sends, with the variations servers and proxies add: CRLF endings, a comment, a keep-alive,
// a two-line data field, an event type, and multi-byte UTF-8 (2, 3 and 4 bytes) to split mid-character.
const STREAM =
  ': OPENROUTER PROCESSING\r\n\r\n' +
  'data: {"choices":[{"delta":{"content":"h\u00e9"}}]}\r\n\r\n' +
  '\r\n' +
  'data: {"choices":[{"delta":{"content":"\u20ac \ud83d\ude00"}}]}\n\n' +
  'event: ping\r\ndata: one\r\ndata:two\r\n\r\n' +
  'data: [DONE]\r\r';
const EXPECTED: SseEvent[] = [
  { event: 'message', data: '{"choices":[{"delta":{"content":"h\u00e9"}}]}' },
  { event: 'message', data: '{"choices":[{"delta":{"content":"\u20ac \ud83d\ude00"}}]}' },
  { event: 'ping', data: 'one\ntwo' },
  { event: 'message', data: '[DONE]' },
];

describe('SseDecoder', () => {
  it('decodes a whole stream in one read', () => {
    expect(decode([bytes(STREAM)])).toEqual(EXPECTED);
  });

  it('decodes the stream split in two at every byte boundary, mid-character and mid-CRLF included', () => {
    const all = bytes(STREAM);
    for (let at = 1; at < all.length; at++)
      expect(decode([all.subarray(0, at), all.subarray(at)]), `split at byte ${at}`).toEqual(EXPECTED);
  });

  it('decodes the stream fed one byte at a time', () => {
    const all = bytes(STREAM);
    expect(decode(Array.from(all, (_, i) => all.subarray(i, i + 1)))).toEqual(EXPECTED);
  });

  it('hands back events as soon as their blank line arrives', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes('data: a\n'))).toEqual([]);
    expect(decoder.push(bytes('\ndata: b\n\ndata: c'))).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
    expect(decoder.push(bytes('\n\n'))).toEqual([{ event: 'message', data: 'c' }]);
  });

  it('drops an event cut off before its blank line, as the spec says', () => {
    expect(decode([bytes('data: whole\n\ndata: {"cut')])).toEqual([{ event: 'message', data: 'whole' }]);
  });

  it('strips one space after the colon, keeps the rest; ignores a BOM, id and retry', () => {
    expect(decode([bytes('\ufeffid: 7\nretry: 10\ndata:  two spaces\n\n')])).toEqual([
      { event: 'message', data: ' two spaces' },
    ]);
  });
});
