import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * The two SQL back ends every repository and scenario test runs against: PGlite (embedded default) and a
 * real PostgreSQL server. `npm test` starts a throwaway server and sets TEST_DATABASE_URL; without it the
 * PostgreSQL runs fail loudly rather than skip.
 */
export type Backend = 'pglite' | 'postgresql';
export const BACKENDS: Backend[] = ['pglite', 'postgresql'];

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set. Run the tests with `npm test` (it provisions PostgreSQL), ' +
        'or point TEST_DATABASE_URL at a server where the user may CREATE DATABASE.',
    );
  }
  return url;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, so suites never see each other's rows. */
export async function createDatabase(): Promise<TestDatabase> {
  const admin = postgres(serverUrl(), { max: 1, onnotice: () => {} });
  const name = `todo_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = postgres(serverUrl(), { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
