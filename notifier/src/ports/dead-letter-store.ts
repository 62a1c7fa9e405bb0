/** A message the notifier's subscription gave up on, as the dead-letter topic delivered it. */
export interface DeadLetter {
  /** The CloudEvent's id (the task event's). */
  id: string;
  /** The topic it was dead-lettered from. */
  topic: string;
  /** The CloudEvent, whole. */
  envelope: unknown;
  receivedAt: Date;
}

/** Where dead letters wait for a person (or a replay) to deal with them. */
export interface DeadLetterStore {
  /** Keeps a dead letter once; false when one with its id is kept already. */
  record(letter: Omit<DeadLetter, 'receivedAt'>, at: Date): Promise<boolean>;
  /** Those not replayed yet, oldest first. */
  pending(limit: number): Promise<DeadLetter[]>;
  markReplayed(id: string, at: Date): Promise<void>;
}
