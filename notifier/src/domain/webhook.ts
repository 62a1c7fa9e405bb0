import { createHmac, randomBytes } from 'node:crypto';

/** `x-todo-signature`: `sha256=<hex HMAC-SHA256 of the exact body bytes, keyed by the user's secret>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook secret when the user gives none: 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const BACKOFF_CAP_MS = 5 * 60_000;

/** How long to wait after the `attempts`-th failed attempt: base, 2·base, 4·base … capped at 5 minutes. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), BACKOFF_CAP_MS);
}
