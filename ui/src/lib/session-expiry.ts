// When the session's token runs out, from its own `exp` claim, so the app can sign out on time instead of
// waiting for the next request to fail. The server still decides: a 401 signs out whatever this says.

/** The instant (ms since the epoch) the JWT `token` expires, or null when it says nothing readable. */
export function expiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** setTimeout holds at most 2^31-1 ms (~24.8 days); a longer wait would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
