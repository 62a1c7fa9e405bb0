import { z } from 'zod';

/** The clock and zone a corpus runs at: `now` is a local time in `tz` ("2026-11-24T10:00"). */
export const CorpusRef = z.object({ now: z.string(), tz: z.string() }).loose();
export type CorpusRef = z.infer<typeof CorpusRef>;

/** A task that exists before a case runs; `due` is local time in the ref's zone, `recurrence` an RRULE. */
export const SetupTask = z.object({
  title: z.string(),
  due: z.string().optional(),
  status: z.enum(['open', 'done']).optional(),
  priority: z.enum(['none', 'low', 'medium', 'high']).optional(),
  tags: z.array(z.string()).optional(),
  recurrence: z.string().optional(),
  description: z.string().optional(),
});

/** What the task a case made or changed must look like (only the fields named are compared). */
export const ExpectedTask = z.object({
  title: z.string().optional(),
  due: z.string().nullable().optional(),
  priority: z.string().optional(),
  tags: z.array(z.string()).optional(),
  reminders: z.array(z.number()).optional(),
  status: z.enum(['open', 'done']).optional(),
  recurrence: z
    .object({ next: z.array(z.string()).optional(), mode: z.string().optional() })
    .nullable()
    .optional(),
});

export const CorpusCase = z.object({
  /** A name for reports; the line number stands in without one. */
  name: z.string().optional(),
  /** Overrides the file's ref for this case. */
  ref: CorpusRef.optional(),
  setup: z.array(SetupTask).default([]),
  turns: z.array(z.string()).min(1),
  expect: z.object({
    intent: z.string().optional(),
    task: ExpectedTask.optional(),
    query: z.record(z.string(), z.string()).optional(),
    changed: z.array(z.string()).optional(),
    unchanged: z.boolean().optional(),
    ask: z.boolean().optional(),
  }),
});
export type CorpusCase = z.infer<typeof CorpusCase>;

export interface CorpusFile {
  ref: CorpusRef;
  cases: Array<{ line: number; case: CorpusCase }>;
}

/**
 * Reads a corpus in the format of shared/chat-corpus.jsonl: one JSON object per line, the first one the
 * format's description with `ref`; every other line a case. A bad line is an error that names it.
 */
export function parseCorpus(text: string, defaultRef?: CorpusRef): CorpusFile {
  const lines = text.split('\n');
  let ref = defaultRef;
  const cases: CorpusFile['cases'] = [];
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    if (value && typeof value === 'object' && '_format' in value) {
      ref = CorpusRef.parse((value as Record<string, unknown>).ref);
      return;
    }
    const parsed = CorpusCase.safeParse(value);
    if (!parsed.success)
      throw new Error(
        `line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    cases.push({ line: i + 1, case: parsed.data });
  });
  if (!ref) throw new Error('the corpus names no ref (a first line with "_format" and "ref")');
  return { ref, cases };
}
