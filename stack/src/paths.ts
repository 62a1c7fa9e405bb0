import { fileURLToPath } from 'node:url';

/** The repository root (this file sits in stack/src or stack/dist). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
