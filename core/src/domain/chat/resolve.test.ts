import { describe, expect, it } from 'vitest';
import { taskFixture } from '../../../../testing/fixtures.js';
import { emptyConversation } from './conversation-state.js';
import { pickByTitle, resolveFromContext } from './resolve.js';

const state = { ...emptyConversation(), shown: ['a', 'b', 'c'], touched: ['b'] };

describe('resolveFromContext', () => {
  it('reads positions in the last list shown, "it" as the task last touched, "both" as the list', () => {
    expect(resolveFromContext({ by: 'position', index: 2 }, state)).toEqual({ kind: 'tasks', ids: ['b'] });
    expect(resolveFromContext({ by: 'position', index: 4 }, state)).toEqual({
      kind: 'none',
      said: 'number 4',
    });
    expect(resolveFromContext({ by: 'last' }, state)).toEqual({ kind: 'tasks', ids: ['b'] });
    expect(resolveFromContext({ by: 'shown' }, state)).toEqual({ kind: 'tasks', ids: ['a', 'b', 'c'] });
    expect(resolveFromContext({ by: 'title', text: 'x' }, state)).toBeNull();
  });

  it('takes "it" after a list of one as that one, and knows nothing in a new conversation', () => {
    const one = { ...emptyConversation(), shown: ['only'] };
    expect(resolveFromContext({ by: 'last' }, one)).toEqual({ kind: 'tasks', ids: ['only'] });
    expect(resolveFromContext({ by: 'last' }, emptyConversation())).toEqual({ kind: 'none', said: 'it' });
    expect(resolveFromContext({ by: 'shown' }, emptyConversation())).toEqual({ kind: 'none', said: 'them' });
  });
});

describe('pickByTitle', () => {
  const milk = taskFixture({ title: 'Buy milk' });
  const bread = taskFixture({ title: 'buy bread' });
  const milkShake = taskFixture({ title: 'buy milk shake' });

  it('prefers the exact title, else the only match', () => {
    expect(pickByTitle('buy milk', [milkShake, milk])).toEqual({ kind: 'tasks', ids: [milk.id] });
    expect(pickByTitle('bread', [bread])).toEqual({ kind: 'tasks', ids: [bread.id] });
  });

  it('asks between equally good matches, and says when nothing matched', () => {
    expect(pickByTitle('buy', [milk, bread])).toEqual({ kind: 'ambiguous', choices: [milk, bread] });
    const twins = [taskFixture({ title: 'call mom' }), taskFixture({ title: 'Call Mom!' })];
    expect(pickByTitle('call mom', twins)).toEqual({ kind: 'ambiguous', choices: twins });
    expect(pickByTitle('the spaceship', [])).toEqual({ kind: 'none', said: 'the spaceship' });
  });
});
