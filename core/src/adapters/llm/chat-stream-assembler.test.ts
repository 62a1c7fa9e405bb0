import { describe, expect, it } from 'vitest';
import { ChatStreamAssembler } from './chat-stream-assembler.js';

const chunk = (delta: object, finish_reason: string | null = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta, logprobs: null, finish_reason }],
});
const call = (index: number, fn: object, id?: string) => ({
  tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: fn }],
});

describe('ChatStreamAssembler', () => {
  it('appends text deltas and returns each one', () => {
    const turn = new ChatStreamAssembler();
    const deltas = [
      chunk({ role: 'assistant', content: '', refusal: null }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
    ].map((c) => turn.apply(c));
    expect(deltas).toEqual(['', 'Hel', 'lo', '']);
    expect(turn.turn()).toEqual({ text: 'Hello', toolCalls: [], finishReason: 'stop' });
  });

  it('assembles interleaved tool calls by index', () => {
    const turn = new ChatStreamAssembler();
    for (const c of [
      chunk({ role: 'assistant', content: null, ...call(0, { name: 'add_task', arguments: '' }, 'call_a') }),
      chunk(call(1, { name: 'list_tasks', arguments: '' }, 'call_b')),
      chunk(call(0, { arguments: '{"ti' })),
      chunk(call(1, { arguments: '{}' })),
      chunk(call(0, { arguments: 'tle":"milk"}' })),
      chunk({}, 'tool_calls'),
      { ...chunk({}), choices: [], usage: { total_tokens: 3 } },
    ])
      turn.apply(c);
    expect(turn.turn()).toEqual({
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_a', type: 'function', function: { name: 'add_task', arguments: '{"title":"milk"}' } },
        { id: 'call_b', type: 'function', function: { name: 'list_tasks', arguments: '{}' } },
      ],
    });
  });

  it('keeps the first id and name when a server repeats them on every fragment', () => {
    const turn = new ChatStreamAssembler();
    turn.apply(chunk(call(0, { name: 'add_task', arguments: '{"a":' }, 'id-1')));
    turn.apply(chunk(call(0, { name: 'add_task', arguments: '1}' }, 'id-2')));
    expect(turn.turn().toolCalls).toEqual([
      { id: 'id-1', type: 'function', function: { name: 'add_task', arguments: '{"a":1}' } },
    ]);
  });

  it('tells apart whole calls a server numbers all 0 (Ollama) by their new ids', () => {
    const turn = new ChatStreamAssembler();
    turn.apply(chunk(call(0, { name: 'a', arguments: '{"x":1}' }, 'id-1')));
    turn.apply(chunk(call(0, { name: 'b', arguments: '{"y":2}' }, 'id-2')));
    expect(turn.turn().toolCalls.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
      ['id-1', 'a', '{"x":1}'],
      ['id-2', 'b', '{"y":2}'],
    ]);
  });

  it('copes with tool call deltas without an index', () => {
    const turn = new ChatStreamAssembler();
    turn.apply(chunk({ tool_calls: [{ id: 'id-1', function: { name: 'a', arguments: '{' } }] }));
    turn.apply(chunk({ tool_calls: [{ function: { arguments: '}' } }] }));
    turn.apply(chunk({ tool_calls: [{ id: 'id-2', function: { name: 'b', arguments: '{}' } }] }));
    expect(turn.turn().toolCalls.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
      ['id-1', 'a', '{}'],
      ['id-2', 'b', '{}'],
    ]);
  });

  it('throws on an error chunk, a chunk of the wrong shape, and a tool call that never got a name', () => {
    expect(() =>
      new ChatStreamAssembler().apply({ error: { message: 'overloaded', type: 'server_error' } }),
    ).toThrow('LLM stream reported an error: overloaded');
    expect(() => new ChatStreamAssembler().apply({ choices: 'nope' })).toThrow(/wrong shape/);
    const turn = new ChatStreamAssembler();
    turn.apply(chunk(call(0, { arguments: '{}' })));
    expect(() => turn.turn()).toThrow('tool call #0 without a function name');
  });
});
