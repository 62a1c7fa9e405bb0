import type { CoreApi, NotifierApi } from '@todo/contracts';
import type { NotificationFeed } from '../ports/notification-feed.js';
import type { TaskEventFeed } from '../ports/task-event-feed.js';

/**
 * What a runtime gives the gateway: core and the feed of its committed task events, the notifier and the
 * feed of notifications it fires, and the token key.
 */
export interface Runtime {
  core: CoreApi;
  events: TaskEventFeed;
  notifier: NotifierApi;
  notifications: NotificationFeed;
  jwtSecret: Uint8Array;
  /** Names the database and transport in the startup log line. */
  describe: Record<string, string>;
  stop(): Promise<void>;
}
