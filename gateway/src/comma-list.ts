import { z } from 'zod';

/** A setting that lists values, comma-separated (`a, b,c`), blanks left out; `fallback` when unset. */
export const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    );
