import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { hasExited, spawnProcess, stopChild } from './processes.js';

export interface ServiceOptions {
  /** The service's entry point, relative to `root` (e.g. `core/dist/main.js`). */
  main: string;
  /** Where the built services are: the repository (default), or an image's runtime tree. */
  root?: string;
  env: NodeJS.ProcessEnv;
  /** Every line the process prints (raw). */
  output?: (line: string) => void;
  /** Every JSON log entry it prints. */
  onLog?: (entry: Record<string, unknown>) => void;
  detached?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningService {
  /** The port it logged it listens on. */
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs a service's built `main` with node and resolves once it logs `listening …` with its port (every
 * service logs that line when it is ready); rejects with its last output if it exits or times out first.
 */
export function startService(options: ServiceOptions): Promise<RunningService> {
  const recent: string[] = [];
  let resolvePort: (port: number) => void;
  const listening = new Promise<number>((resolve) => (resolvePort = resolve));
  const root = options.root ?? ROOT;
  const child = spawnProcess(process.execPath, [join(root, options.main)], {
    cwd: root,
    env: options.env,
    detached: options.detached,
    output: (line) => {
      options.output?.(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
      const entry = parseLogLine(line);
      if (!entry) return;
      options.onLog?.(entry);
      if (typeof entry.port === 'number' && String(entry.msg).startsWith('listening'))
        resolvePort(entry.port);
    },
  });
  const stop = () => stopChild(child);
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  return new Promise<RunningService>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${options.main} ${why}; last output:\n${recent.join('\n')}`)));
    };
    const timer = setTimeout(() => fail(`did not start in ${timeoutMs / 1000} s`), timeoutMs);
    const onExit = (code: number | null) => fail(`exited with ${code} before listening`);
    child.once('exit', onExit);
    void listening.then((port) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (hasExited(child)) return fail('exited right after listening');
      resolve({ port, child, stop });
    });
  });
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
