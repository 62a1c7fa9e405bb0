import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@todo/contracts';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../testing/openai-server.js';
import { chatCore } from './chat-harness.js';

const KEY = 'sk-test-key-for-the-llm-engine';

/**
 * The LLM engine against a local server that speaks OpenAI's streaming and tool-call wire format: the
 * model drives the same tools as the offline engine (arguments checked before anything changes), its text
 * streams as it comes, every change is said, and the offline engine answers when the model fails.
 */
describe('the chat assistant with a model', () => {
  let server: OpenAiTestServer;
  beforeAll(async () => {
    server = await startOpenAiTestServer({ apiKey: KEY });
  });
  afterAll(async () => {
    await server?.close();
  });
  const { core, clock } = chatCore({
    ticking: true,
    llm: () => ({ baseUrl: server.baseUrl, model: 'test-model', apiKey: KEY, timeoutMs: 1_500 }),
  });
  const api = () => core().api;
  const signup = async (): Promise<Actor> => {
    const { user } = await api().signup({
      email: `llm-${randomUUID()}@example.com`,
      password: 'llm password 1',
      timezone: 'America/New_York',
    });
    return { userId: user.id };
  };
  const chat = async (actor: Actor, message: string) => {
    const deltas: string[] = [];
    const reply = await api().chat(actor, { message }, (delta) => deltas.push(delta));
    return { ...reply, deltas };
  };
  const toolMessages = (body: any) => body.messages.filter((m: any) => m.role === 'tool');

  it('lets the model add a task by tool call, streams its words, and says what changed', async () => {
    clock.set(new Date('2026-11-24T15:00:00Z')); // 10:00 in New York
    const alice = await signup();
    server.reply({
      toolCalls: [
        { name: 'add_task', arguments: { title: 'buy milk', due: 'tomorrow 6pm', tags: ['shopping'] } },
      ],
    });
    server.reply({ text: 'Sure thing, it is on your list.' });
    const reply = await chat(alice, 'I need milk tomorrow evening');

    const [first, second] = server.requests.slice(-2);
    expect(first!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first!.body).toMatchObject({ model: 'test-model', stream: true, tool_choice: 'auto' });
    expect(first!.body.tools.map((t: any) => t.function.name)).toContain('add_task');
    expect(first!.body.messages[0].content).toContain('America/New_York');
    expect(first!.body.messages.at(-1)).toEqual({ role: 'user', content: 'I need milk tomorrow evening' });
    const [result] = toolMessages(second!.body);
    expect(JSON.parse(result.content)).toMatchObject({ ok: true });
    expect(result.tool_call_id).toBe(second!.body.messages.at(-2).tool_calls[0].id);

    expect(reply.actions).toMatchObject([
      { kind: 'created', task: { title: 'buy milk', tags: ['shopping'] } },
    ]);
    const task = (await api().listTasks(alice, {})).items[0]!;
    expect(task.dueAt).toBe('2026-11-25T23:00:00.000Z'); // 18:00 in New York
    // The model's words arrive in pieces; then the change, in the project's words.
    expect(reply.deltas.length).toBeGreaterThan(5);
    expect(reply.deltas.join('')).toBe(reply.reply);
    expect(reply.reply).toMatch(
      /^Sure thing, it is on your list\.\n\nAdded “buy milk” — due tomorrow at 6:00 PM/,
    );
  });

  it('finds a task, then acts on the id it was given', async () => {
    const bob = await signup();
    await api().createTask(bob, { title: 'call mom' });
    server.reply({ toolCalls: [{ name: 'find_tasks', arguments: { q: 'mom' } }] });
    server.reply((body) => {
      const found = JSON.parse(toolMessages(body).at(-1).content);
      return { toolCalls: [{ name: 'complete_task', arguments: { task_id: found.tasks[0].id } }] };
    });
    server.reply({ text: 'Done.' });
    const reply = await chat(bob, 'i called mom');
    expect(reply.actions.map((a) => a.kind)).toEqual(['listed', 'completed']);
    expect((await api().listTasks(bob, { status: 'done' })).items.map((t) => t.title)).toEqual(['call mom']);
    expect(reply.reply).toContain('Marked “call mom” done.');
  });

  it('changes nothing on arguments the schemas refuse, or a task that is not the user’s', async () => {
    const carol = await signup();
    const dave = await signup();
    const theirs = await api().createTask(dave, { title: 'not carol’s' });
    server.reply({
      toolCalls: [
        { name: 'add_task', arguments: { title: 'x', priority: 'urgent' } },
        { name: 'delete_task', arguments: { task_id: theirs.id } },
        { name: 'update_task', arguments: '{"task_id": ' },
        { name: 'drop_database', arguments: {} },
      ],
    });
    server.reply({ text: 'I could not do that.' });
    const reply = await chat(carol, 'do odd things');
    const results = toolMessages(server.requests.at(-1)!.body).map((m: any) => JSON.parse(m.content));
    expect(results.map((r: any) => r.ok)).toEqual([false, false, false, false]);
    expect(results[0].error).toMatchObject({
      code: 'invalid_input',
      fields: { priority: expect.any(String) },
    });
    expect(reply.actions.map((a) => a.kind)).toEqual(['refused']);
    expect(reply.reply).toBe('I could not do that.');
    expect((await api().listTasks(carol, { status: 'all' })).items).toEqual([]);
    expect((await api().getTask(dave, theirs.id)).title).toBe('not carol’s');
  });

  it('answers with the offline engine when the model fails or is too slow', async () => {
    const erin = await signup();
    server.reply({ status: 500, error: 'the model is down' });
    const down = await chat(erin, 'add water the plants tomorrow at 9am');
    expect(down.actions).toMatchObject([{ kind: 'created', task: { title: 'water the plants' } }]);
    server.reply({ delayMs: 3_000, text: 'too late' });
    const slow = await chat(erin, 'show my tasks');
    expect(slow.actions).toMatchObject([{ kind: 'listed', tasks: [{ title: 'water the plants' }] }]);
    expect(slow.deltas.join('')).toContain(slow.reply);
  });

  it('says what was done when the model fails after a change, and does not do it twice', async () => {
    const fred = await signup();
    server.reply({ toolCalls: [{ name: 'add_task', arguments: { title: 'file taxes' } }] });
    server.reply({ truncate: true, text: 'and now something that never ends' });
    const reply = await chat(fred, 'add file taxes');
    expect(reply.reply).toContain('Added “file taxes”');
    expect((await api().listTasks(fred, {})).items.map((t) => t.title)).toEqual(['file taxes']);
  });
});
