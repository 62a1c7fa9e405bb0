import { NOTIFIER_METHODS, taskEventFromEnvelope } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { startRpcServer, type RpcServer } from '@todo/platform';
import type { Notifier } from '../compose.js';

export interface NotifierServerOptions {
  port: number;
  host?: string;
  log: Logger;
}

/** The status a Dapr subscription handler answers: ack, deliver again, or give up on the message. */
type DeliveryStatus = { status: 'SUCCESS' | 'RETRY' | 'DROP' };

/**
 * The notifier's HTTP app for its sidecar: NotifierApi by service invocation (`POST /notifier/<method>`),
 * task events from the declarative subscription (`POST /events/task-events`) and its dead letters
 * (`POST /events/task-events-dlq`; `POST /dead-letters/replay` applies them again), reminder jobs from the
 * scheduler (`POST /job/reminder-<id>`), and the cron binding's sweep (`POST /reminder-sweep`). Loopback
 * only, like core's.
 */
export function startNotifierServer(notifier: Notifier, options: NotifierServerOptions): Promise<RpcServer> {
  const { log } = options;
  return startRpcServer({
    service: 'notifier',
    api: notifier.api,
    methods: NOTIFIER_METHODS,
    routes: {
      '/events/task-events': async (body): Promise<DeliveryStatus> => {
        const event = taskEventFromEnvelope(body);
        if (!event) {
          log.warn({ eventId: cloudEventId(body) }, 'dropping a task event that does not decode');
          return { status: 'DROP' };
        }
        try {
          await notifier.applyTaskEvent(event);
          return { status: 'SUCCESS' };
        } catch (error) {
          // Never ack what failed: Dapr delivers it again (and dead-letters it when retries run out).
          log.error({ err: error, eventId: event.id }, 'applying a task event failed; asking for it again');
          return { status: 'RETRY' };
        }
      },
      // The dead-letter topic's subscription: kept for a person and a replay. RETRY only if keeping failed.
      '/events/task-events-dlq': async (body): Promise<DeliveryStatus> => {
        try {
          await notifier.deadLetters.receive(body);
          return { status: 'SUCCESS' };
        } catch (error) {
          log.error(
            { err: error, eventId: cloudEventId(body) },
            'keeping a dead letter failed; asking for it again',
          );
          return { status: 'RETRY' };
        }
      },
      // For operators, through service invocation: applies the kept dead letters again (after a fix).
      '/dead-letters/replay': async () => notifier.deadLetters.replay(),
      '/reminder-sweep': async () => {
        notifier.sweep();
        return {};
      },
      // A job's callback. 200 whether it fired or there was nothing to fire (the job is done either way);
      // a failure answers 500, and the scheduler tries again. Never 404: Dapr takes that for done.
      '/job/*': async (_data, path) => {
        const job = decodeURIComponent(path.slice('/job/'.length));
        const fired = await notifier.fireReminderJob(job);
        if (fired) log.info({ job }, 'reminder fired by its job');
        else log.debug({ job }, 'a job with no reminder pending: nothing to fire');
        return {};
      },
    },
    ...options,
  });
}

function cloudEventId(body: unknown): unknown {
  return body && typeof body === 'object' && 'id' in body ? body.id : undefined;
}
