import type { Notification, NotificationEvent, Reminder, TaskEvent } from '@todo/contracts';
import type { ScheduledReminder } from '../domain/schedule.js';

/** A reminder to fire again later (snooze), as the store keeps it. */
export interface ReminderToSchedule {
  userId: string;
  taskId: string;
  key: string;
  reminder: Reminder;
  fireAt: Date;
}

/** The reminder a notification came from, with its task's zone (to snooze it "tomorrow 9am"). */
export interface NotificationSource {
  taskId: string;
  key: string;
  reminder: Reminder;
  timeZone: string;
  taskOpen: boolean;
}

/**
 * The notifier's schedule, delivery ledger and inbox. Every method is one transaction; none fires a
 * reminder twice: a reminder fires once per (task, reminder, fire time), whoever claims it first.
 */
export interface ReminderStore {
  /**
   * Replaces the task's pending reminders with `wanted` (snoozed ones stay while the task is open), unless
   * an event of this task with a later sequence number was applied already. False when it was stale.
   */
  applyTaskEvent(event: TaskEvent, wanted: ScheduledReminder[]): Promise<boolean>;
  /** Claims the pending reminders due by `now`, marks them fired and records a notification for each. */
  fireDue(now: Date, limit: number, newId: () => string): Promise<NotificationEvent[]>;
  /** Fires one pending reminder now (its job's callback); null when it is gone or fired already. */
  fireOne(reminderId: string, now: Date, newId: () => string): Promise<NotificationEvent | null>;
  /** When the earliest pending reminder is due, if any. */
  nextFireAt(): Promise<Date | null>;
  /** Adds one firing (a snooze); nothing if that exact firing exists. */
  schedule(entry: ReminderToSchedule): Promise<void>;
  list(userId: string, options: { unreadOnly: boolean; limit: number }): Promise<Notification[]>;
  /** Null when the user has no such notification. */
  markRead(userId: string, id: string, now: Date): Promise<Notification | null>;
  markAllRead(userId: string, now: Date): Promise<number>;
  sourceOf(userId: string, notificationId: string): Promise<NotificationSource | null>;
  ping(): Promise<void>;
}
