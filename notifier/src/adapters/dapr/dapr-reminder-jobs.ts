import { daprFetch } from '@todo/platform';
import { reminderJobName } from '../../domain/reminder-job.js';
import type { ReminderJob, ReminderJobs } from '../../ports/reminder-jobs.js';

export interface DaprJobsOptions {
  /** The sidecar's HTTP port (DAPR_HTTP_PORT); the sidecar must know a scheduler. */
  daprHttpPort: number;
  /** Per request: Jobs API calls wait as long as the scheduler is unreachable (30 s in daprd). */
  timeoutMs?: number;
}

/**
 * If the app cannot take the callback (down, restarting, database unreachable), the job is tried again every
 * second for ten minutes, so the reminder fires as soon as the notifier is back. (Dapr's default gives up
 * after three retries a second apart. The sweep would still fire the reminder, but up to a sweep late.)
 */
const FAILURE_POLICY = { constant: { interval: '1s', maxRetries: 600 } };

/**
 * Reminder jobs through the sidecar's Jobs API (alpha in Dapr 1.16): a one-shot job per reminder, due at its
 * fire time, that Dapr's scheduler delivers to `POST /job/<name>` on one replica of the app. Measured
 * behaviour and its traps: dapr/probe/JOBS-FINDINGS.md.
 */
export class DaprReminderJobs implements ReminderJobs {
  constructor(private readonly options: DaprJobsOptions) {}

  async schedule({ reminderId, fireAt }: ReminderJob): Promise<void> {
    const dueTime = fireAt.toISOString();
    await this.call('POST', reminderId, {
      dueTime,
      // An upsert: scheduling again (a retry after a crash) replaces the job instead of failing with 409.
      overwrite: true,
      // Never without data: daprd 1.16 cannot deliver a job that has none, and drops it unseen.
      data: { reminderId, fireAt: dueTime },
      failurePolicy: FAILURE_POLICY,
    });
  }

  async cancel(reminderId: string): Promise<void> {
    await this.call('DELETE', reminderId);
  }

  private async call(method: 'POST' | 'DELETE', reminderId: string, body?: unknown): Promise<void> {
    const response = await daprFetch(
      this.options.daprHttpPort,
      `/v1.0-alpha1/jobs/${reminderJobName(reminderId)}`,
      {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: this.options.timeoutMs,
      },
    );
    if (!response.ok) {
      throw new Error(
        `Dapr Jobs API ${method} ${reminderJobName(reminderId)}: ${response.status} ${await response.text()}`,
      );
    }
  }
}
