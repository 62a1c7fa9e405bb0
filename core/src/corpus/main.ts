import { readFile } from 'node:fs/promises';
import { createLogger } from '@todo/observability';
import { startCore } from '../compose.js';
import { parseCorpus } from './corpus-case.js';
import { describeFailure, runCase, type SettableClock } from './run-corpus.js';

/**
 * `npm run chat:corpus -- <file.jsonl> [more.jsonl …]`: runs every case of the files against the real
 * assistant (core in this process, on an in-memory PGlite) and prints each failing case with what
 * happened, then `N passed, N failed`. Exits 1 when any failed.
 */
async function main(files: string[]): Promise<number> {
  if (!files.length) {
    console.error('usage: npm run chat:corpus -- <file.jsonl> [more.jsonl …]');
    return 2;
  }
  let current = new Date();
  const clock: SettableClock = { now: () => current, set: (at) => (current = at) };
  const core = await startCore({
    pgliteDir: 'memory://',
    jwtSecret: new TextEncoder().encode('corpus runner secret, not for tokens anyone sees'),
    jwtTtlSeconds: 3600,
    defaultTimeZone: 'UTC',
    log: createLogger('corpus', 'warn'),
    clock,
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const file of files) {
      const corpus = parseCorpus(await readFile(file, 'utf8'));
      for (const entry of corpus.cases) {
        const result = await runCase(core.api, clock, entry, corpus.ref);
        if (result.problems.length) {
          failed++;
          console.log(`${file}\n${describeFailure(result)}\n`);
        } else {
          passed++;
        }
      }
    }
  } finally {
    await core.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
