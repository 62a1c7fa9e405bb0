import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';

/** Receives each line a process prints, with the name of the process. */
export type LineSink = (source: string, line: string) => void;

/** Calls `onLine` with every complete line of `stream`. */
export function forEachLine(stream: Readable | null, onLine: (line: string) => void): void {
  let buffered = '';
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  });
  stream?.on('end', () => buffered && onLine(buffered));
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every line of stdout and stderr. */
  output?: (line: string) => void;
  /**
   * Own process group: a Ctrl-C in the terminal then reaches only the launcher, which stops the children in
   * order, instead of every process at once.
   */
  detached?: boolean;
}

export function spawnProcess(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const output = options.output ?? (() => undefined);
  forEachLine(child.stdout, output);
  forEachLine(child.stderr, output);
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops a child process: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * A port nothing listens on right now, for a child process to bind later. It is drawn below the kernel's
 * ephemeral range: a port the kernel picked (listen(0)) is soon handed out again as the source port of some
 * outgoing connection (a Kafka or PostgreSQL client), and the child then fails with "address in use".
 * Ports already handed out by this process are not drawn twice.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port =
      FREE_PORT_RANGE.low + Math.floor(Math.random() * (FREE_PORT_RANGE.high - FREE_PORT_RANGE.low));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check, so concurrent calls never draw the same port
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${FREE_PORT_RANGE.low}-${FREE_PORT_RANGE.high} after 100 tries`);
}

const FREE_PORT_RANGE = belowEphemeralRange();
const handedOut = new Set<number>();

function belowEphemeralRange(): { low: number; high: number } {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
  } catch {
    // not Linux: assume the usual range
  }
  if (!(ephemeralLow > 22_000)) return { low: 10_000, high: 20_000 }; // unusual range: stay well clear of it
  return { low: ephemeralLow - 12_000, high: ephemeralLow };
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listening) await new Promise((resolve) => server.close(resolve));
  return listening;
}

/**
 * True while `pid` names a live process. A zombie (exited, not yet reaped: daemons such as PostgreSQL are
 * reaped by init, which may take a while) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // The state follows the parenthesised command name: "pid (comm) S …".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): the signal check above is all there is
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Daemon {
  child: ChildProcess;
  /** Its last lines of output, for error messages. */
  log(): string;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

const KEPT_LINES = 200;

/**
 * Starts a long-running binary that keeps its files in `dir`, and resolves once `ready` says yes. If it
 * exits first, or is not ready within `timeoutMs`, it is stopped, `dir` removed, and the error shows its
 * last lines.
 */
export async function startDaemon(
  what: string,
  command: string,
  args: string[],
  options: SpawnOptions & { dir: string; ready: () => Promise<boolean>; timeoutMs?: number },
): Promise<Daemon> {
  const lines: string[] = [];
  const child = spawnProcess(command, args, {
    ...options,
    output: (line) => {
      options.output?.(line);
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
    },
  });
  const log = () => lines.join('\n');
  const stop = async () => {
    await stopChild(child);
    await rm(options.dir, { recursive: true, force: true });
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(child)) {
      await stop();
      throw new Error(`${what} exited with ${child.exitCode ?? child.signalCode}:\n${log()}`);
    }
    if (await options.ready().catch(() => false)) return { child, log, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} not ready in ${timeoutMs / 1000} s:\n${log()}`);
    }
    await sleep(200);
  }
}
