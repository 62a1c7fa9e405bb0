import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => ({ token: null as string | null }));
vi.mock('./api', () => ({ session }));

const { requireSession } = await import('./require-session');

describe('requireSession', () => {
  it('redirects a visit without a session to /login', () => {
    session.token = null;
    let thrown: unknown;
    try {
      requireSession();
    } catch (error) {
      thrown = error;
    }
    expect(isRedirect(thrown) && { status: thrown.status, location: thrown.location }).toEqual({
      status: 307,
      location: '/login',
    });
  });

  it('lets a signed-in visit through', () => {
    session.token = 'a.b.c';
    expect(() => requireSession()).not.toThrow();
  });
});
