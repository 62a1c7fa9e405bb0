import { execFile } from 'node:child_process';

/**
 * Runs `node <main>` to its end with only PATH and `env` in its environment: its exit code and the JSON log
 * lines it printed.
 */
export function runNode(
  main: string,
  env: Record<string, string>,
  cwd?: string,
): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [main],
      { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout) =>
        resolve({
          code: error ? (error.code as number) : 0,
          lines: stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        }),
    );
  });
}
