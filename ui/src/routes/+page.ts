import { requireSession } from '$lib/require-session';

export const load = requireSession;
