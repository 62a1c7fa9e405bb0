/** Time and identity come through ports so the domain can be tested at any instant. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

export interface HealthCheck {
  /** Throws when the dependency does not answer. */
  check(): Promise<void>;
}
