/** A pending reminder's firing as a job: which row, and when. */
export interface ReminderJob {
  reminderId: string;
  fireAt: Date;
}

/** A scheduler outside the process that calls back when a reminder is due (Dapr's Jobs API). */
export interface ReminderJobs {
  /** Creates or replaces the reminder's job; safe to repeat. */
  schedule(job: ReminderJob): Promise<void>;
  /** Deletes the reminder's job; safe to repeat, and when there is none. */
  cancel(reminderId: string): Promise<void>;
}

/** Which reminders' jobs are to be scheduled or cancelled: the rows lead, the jobs follow. */
export interface ReminderJobStore {
  /** Pending reminders whose job is not scheduled yet, earliest first. */
  unscheduled(limit: number): Promise<ReminderJob[]>;
  markScheduled(reminderIds: string[]): Promise<void>;
  /** Deleted reminders whose job is still to be cancelled. */
  cancellations(limit: number): Promise<string[]>;
  forgetCancellations(reminderIds: string[]): Promise<void>;
}
