import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  CHAT_HISTORY_LIMIT,
  CONTROL_CHARACTERS,
  isChange,
  type Actor,
  type ChatAction,
  type TaskEvent,
} from '@todo/contracts';
import { chatCore } from './chat-harness.js';

/** The assistant through core's API: conversations, isolation, streaming, history, and fuzzed input. */
describe('the chat assistant', () => {
  const { core } = chatCore({ ticking: true });
  const api = () => core().api;
  const signup = async (): Promise<Actor> => {
    const { user } = await api().signup({
      email: `chat-${randomUUID()}@example.com`,
      password: 'chat password 1',
    });
    return { userId: user.id };
  };
  const say = (actor: Actor, message: string, conversationId?: string) =>
    api().chat(actor, { message, ...(conversationId && { conversationId }) });
  const snapshot = async (actor: Actor) =>
    JSON.stringify(
      (await api().listTasks(actor, { status: 'all', limit: '200' })).items
        .map((t) => [t.id, t.version])
        .sort(),
    );

  it('streams the reply in pieces that add up to it, and makes the same events as REST', async () => {
    const alice = await signup();
    const events: TaskEvent[] = [];
    const unsubscribe = core().subscribe((event) => void events.push(event));
    const deltas: string[] = [];
    const reply = await api().chat(alice, { message: 'add buy milk tomorrow at 6pm #shopping' }, (d) =>
      deltas.push(d),
    );
    unsubscribe();
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(reply.reply);
    expect(reply.reply).toContain('buy milk');
    expect(reply.reply).toContain('tomorrow at 6:00 PM');
    const [created] = reply.actions;
    expect(created).toMatchObject({ kind: 'created', task: { title: 'buy milk', tags: ['shopping'] } });
    expect(reply.tasks.map((t) => t.id)).toEqual([created && 'task' in created ? created.task!.id : '']);
    await expect
      .poll(() => events.filter((e) => e.userId === alice.userId).map((e) => e.type))
      .toEqual(['task.created']);
  });

  it("never touches another user's tasks, by title, position or context", async () => {
    const alice = await signup();
    const bob = await signup();
    await say(alice, 'add buy milk');
    await say(alice, 'show my tasks');
    const before = await snapshot(alice);
    for (const message of [
      'delete buy milk',
      'mark the first one done',
      'delete it',
      'mark them done',
      'undo',
    ]) {
      const reply = await say(bob, message);
      expect(reply.actions.map((a) => a.kind)).not.toContain('deleted');
      expect(reply.tasks).toEqual([]);
    }
    expect((await say(bob, 'show my tasks')).tasks).toEqual([]);
    expect(await snapshot(alice)).toBe(before);
  });

  it('asks with numbered choices, acts on the number, and drops the question when the subject changes', async () => {
    const carol = await signup();
    await say(carol, 'add buy milk');
    await say(carol, 'add buy bread');
    const asked = await say(carol, 'delete buy');
    expect(asked.actions[0]).toMatchObject({ kind: 'asked', choices: [{ number: 1 }, { number: 2 }] });
    expect(asked.reply).toMatch(/1\. “buy milk”[\s\S]*2\. “buy bread”/);
    await say(carol, 'show my tasks'); // something else: the question is gone
    const two = await say(carol, '2');
    expect(two.actions.map((a) => a.kind)).not.toContain('deleted');
    expect((await api().listTasks(carol, {})).items).toHaveLength(2);
  });

  it('says what it did to each task of "them", even when one of them is refused', async () => {
    const ivy = await signup();
    await say(ivy, 'add water the plants');
    await say(ivy, 'add feed the cat');
    await say(ivy, 'show my tasks');
    const [gone] = (await api().listTasks(ivy, {})).items;
    await api().deleteTask(ivy, gone!.id); // meanwhile, in another tab
    const reply = await say(ivy, 'mark them done');
    expect(reply.actions.map((a) => a.kind).sort()).toEqual(['completed', 'refused']);
    expect(reply.reply).toMatch(/Marked “.+” done\./);
    expect((await say(ivy, 'undo')).actions[0]).toMatchObject({ kind: 'undone', task: { status: 'open' } });
  });

  it('undoes changes one message at a time, latest first, and says when there is nothing left', async () => {
    const dave = await signup();
    await say(dave, 'add write report #work');
    await say(dave, 'make it high priority');
    await say(dave, 'mark it done');
    const [task] = (await api().listTasks(dave, { status: 'all' })).items;
    expect(task).toMatchObject({ status: 'done', priority: 'high' });
    expect((await say(dave, 'undo')).actions[0]).toMatchObject({
      kind: 'undone',
      task: { status: 'open', priority: 'high' },
    });
    expect((await say(dave, 'undo')).actions[0]).toMatchObject({
      kind: 'undone',
      task: { priority: 'none' },
    });
    expect((await say(dave, 'undo')).actions[0]).toMatchObject({ kind: 'undone', task: null });
    expect((await api().listTasks(dave, { status: 'all' })).items).toEqual([]);
    expect((await say(dave, 'undo')).actions[0]).toMatchObject({ kind: 'refused' });
  });

  it('names the next occurrence of a recurring task it completes, and undoing takes that one back', async () => {
    const hank = await signup();
    await say(hank, 'add gym every day at 7am');
    const done = await say(hank, 'mark gym done');
    const [completed] = done.actions;
    expect(completed).toMatchObject({
      kind: 'completed',
      task: { status: 'done' },
      next: { status: 'open', title: 'gym' },
    });
    expect(done.reply).toMatch(/^Marked “gym” done\. Next one: due .+ at 7:00 AM\.$/);
    expect(done.tasks).toHaveLength(2);
    await say(hank, 'undo');
    const all = (await api().listTasks(hank, { status: 'all' })).items;
    expect(all.map((t) => [t.title, t.status])).toEqual([['gym', 'open']]);
  });

  it('keeps the history per conversation, bounded, and loses no turn when two messages race', async () => {
    const erin = await signup();
    await Promise.all([say(erin, 'add one'), say(erin, 'add two'), say(erin, 'add three')]);
    const main = await api().chatHistory(erin, {});
    expect(main.conversationId).toBe('main');
    expect(main.turns.map((t) => t.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(
      main.turns
        .filter((t) => t.role === 'user')
        .map((t) => t.text)
        .sort(),
    ).toEqual(['add one', 'add three', 'add two']);

    await say(erin, 'help', 'side');
    expect((await api().chatHistory(erin, { conversationId: 'side' })).turns).toHaveLength(2);
    for (let i = 0; i < CHAT_HISTORY_LIMIT / 2 + 5; i++) await say(erin, 'help', 'long');
    const long = await api().chatHistory(erin, { conversationId: 'long' });
    expect(long.turns).toHaveLength(CHAT_HISTORY_LIMIT);
    await expect(api().chatHistory(erin, { conversationId: 'not ok!' })).rejects.toThrow(AppError);
  });

  it('refuses an empty, oversized or malformed message with a named reason', async () => {
    const fred = await signup();
    for (const input of [
      { message: '   ' },
      { message: 'x'.repeat(2001) },
      { text: 'hi' },
      { message: 'hi', conversationId: '../etc' },
    ]) {
      await expect(api().chat(fred, input as never)).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });

  it('never crashes on random text, and never changes data without saying so', async () => {
    const gina = await signup();
    for (const title of ['buy milk', 'buy bread', 'call mom', 'write report'])
      await say(gina, `add ${title} tomorrow 9am`);
    const words = [
      'add',
      'delete',
      'it',
      'the second one',
      'done',
      'undo',
      'move',
      'to',
      'friday',
      'buy',
      '#x',
      '!high',
      'every',
      'day',
      'remind me',
      'snooze',
      '2',
      'both',
      'show',
      'tasks',
      "'",
      ';',
      '🙂',
      '\u0000',
      'DROP TABLE',
      '%',
      '$',
    ];
    const message = fc.oneof(
      fc.string({ minLength: 1, maxLength: 200 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
      fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const before = await snapshot(gina);
        let actions: ChatAction[];
        try {
          actions = (await say(gina, text)).actions;
        } catch (error) {
          // Only a message that is blank once trimmed, or has control characters, may be refused, with a 4xx.
          expect(error).toMatchObject({ code: 'invalid_input' });
          expect(text.trim() === '' || CONTROL_CHARACTERS.test(text)).toBe(true);
          return;
        }
        const changed = (await snapshot(gina)) !== before;
        const said = actions.some(isChange);
        expect(changed).toBe(said);
      }),
      { numRuns: 300 },
    );
  });
});
