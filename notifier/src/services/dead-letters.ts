import { createHash } from 'node:crypto';
import { taskEventFromEnvelope, type TaskEvent } from '@todo/contracts';
import { metrics, type Logger } from '@todo/observability';
import type { DeadLetterStore } from '../ports/dead-letter-store.js';

export interface DeadLettersOptions {
  store: DeadLetterStore;
  /** What the subscription does with a task event (effect once, however often). */
  apply: (event: TaskEvent) => Promise<void>;
  now: () => Date;
  log: Logger;
}

export interface ReplayResult {
  replayed: string[];
  /** Still failing, with why: they stay for the next replay. */
  failing: Array<{ id: string; reason: string }>;
}

const received = metrics.getMeter('todo-notifier').createCounter('todo.notifier.dead_letters', {
  description: 'Task events dead-lettered by the subscription',
});

/**
 * The other end of the subscription's dead-letter topic. Task events the notifier dropped (they did not
 * decode) or kept failing on are kept, said loudly once (an error log line and a counter to alert on), and
 * can be replayed once the cause is fixed: applying an event twice changes nothing, so a replay is safe.
 */
export class DeadLetters {
  constructor(private readonly options: DeadLettersOptions) {}

  /** Keeps one dead letter (a redelivery of a kept one changes nothing). */
  async receive(envelope: unknown): Promise<void> {
    const id = envelopeId(envelope);
    const topic = stringField(envelope, 'topic') ?? 'unknown';
    const fresh = await this.options.store.record({ id, topic, envelope }, this.options.now());
    if (!fresh) return;
    received.add(1, { topic });
    const event = taskEventFromEnvelope(envelope);
    this.options.log.error(
      { deadLetter: id, topic, type: event?.type, userId: event?.userId, taskId: event?.task.id },
      `a task event was dead-lettered (${event ? 'it kept failing' : 'it does not decode'}); kept for replay`,
    );
  }

  /** Applies every kept letter again, oldest first; those that apply are marked, the others stay. */
  async replay(limit = 1_000): Promise<ReplayResult> {
    const result: ReplayResult = { replayed: [], failing: [] };
    for (const letter of await this.options.store.pending(limit)) {
      const event = taskEventFromEnvelope(letter.envelope);
      if (!event) {
        result.failing.push({ id: letter.id, reason: 'does not decode as a task event' });
        continue;
      }
      try {
        await this.options.apply(event);
        await this.options.store.markReplayed(letter.id, this.options.now());
        result.replayed.push(letter.id);
      } catch (error) {
        result.failing.push({ id: letter.id, reason: (error as Error).message });
      }
    }
    this.options.log.info(
      { replayed: result.replayed.length, failing: result.failing },
      `replayed ${result.replayed.length} dead letters; ${result.failing.length} still failing`,
    );
    return result;
  }
}

/** The CloudEvent's id, or (for a body without one) a digest of it, so a redelivery is recognised. */
function envelopeId(envelope: unknown): string {
  const id = stringField(envelope, 'id');
  if (id) return id;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(envelope) ?? '')
    .digest('hex')}`;
}

function stringField(envelope: unknown, name: string): string | undefined {
  const value =
    envelope && typeof envelope === 'object' ? (envelope as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}
