/**
 * A failed LLM call: the endpoint refused, broke off, sent something unreadable or took too long. `status`
 * is the HTTP status when the endpoint answered with one, so a caller can tell a bad key (401) or a rate
 * limit (429) from an outage without parsing the message.
 */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly status: number | undefined;

  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }
}
