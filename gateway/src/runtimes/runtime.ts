import type { CoreApi } from '@todo/contracts';
import type { TaskEventFeed } from '../ports/task-event-feed.js';

/** What a runtime gives the gateway: core, the feed of committed task events, and the token key. */
export interface Runtime {
  core: CoreApi;
  events: TaskEventFeed;
  jwtSecret: Uint8Array;
  /** Names the database and transport in the startup log line. */
  describe: Record<string, string>;
  stop(): Promise<void>;
}
