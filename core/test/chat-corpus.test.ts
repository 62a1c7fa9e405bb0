import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../src/corpus/corpus-case.js';
import { describeFailure, runCase } from '../src/corpus/run-corpus.js';
import { chatCore } from './chat-harness.js';

/** The project's sample of what people type (a copy of shared/chat-corpus.jsonl), and our own cases. */
const FILES = ['chat-corpus.jsonl', 'corpus-extra.jsonl'].map((name) =>
  fileURLToPath(new URL(`./chat/${name}`, import.meta.url)),
);

/**
 * Every case of the chat corpora against the real assistant (core, its offline engine, PGlite): a fresh
 * user per case at the case's clock and zone, its setup tasks, its turns; the last turn judged.
 */
describe.each(FILES)('chat corpus %s', (file) => {
  const { core, clock } = chatCore();
  const corpus = parseCorpus(readFileSync(file, 'utf8'));

  it.each(
    corpus.cases.map((entry) => [`line ${entry.line}: ${entry.case.turns.join(' / ')}`, entry] as const),
  )('%s', async (_name, entry) => {
    const result = await runCase(core().api, clock, entry, corpus.ref);
    expect(result.problems, describeFailure(result)).toEqual([]);
  });
});
