// The signed-in pages' guard, for their load functions. A redirect thrown from load happens inside the
// router's navigation; a goto() from onMount raced the router's first navigation and could lose to it.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { session } from './api';

export function requireSession(): void {
  if (!session.token) redirect(307, resolve('/login'));
}
