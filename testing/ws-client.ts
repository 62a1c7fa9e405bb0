import WebSocket from 'ws';

/** A test WebSocket that records every frame it receives, with its arrival time. */
export class FrameRecorder {
  readonly frames: Array<{ at: number; frame: any }> = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push({ at: performance.now(), frame: JSON.parse(data.toString()) });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string): Promise<FrameRecorder> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new FrameRecorder(socket);
  }

  /** Connects and authenticates; resolves with the `ready` frame. */
  static async authenticated(url: string, token: string): Promise<{ ws: FrameRecorder; ready: any }> {
    const ws = await FrameRecorder.connect(url);
    ws.send({ type: 'auth', token });
    const ready = await ws.next((frame) => frame.type === 'ready' || frame.type === 'error');
    if (ready.type !== 'ready') throw new Error(`auth failed: ${JSON.stringify(ready)}`);
    return { ws, ready };
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  of(type: string): any[] {
    return this.frames.filter((entry) => entry.frame.type === type).map((entry) => entry.frame);
  }

  /** The first frame (received from `from` on) that matches, waiting up to `timeoutMs`. */
  async next(match: (frame: any) => boolean, timeoutMs = 5_000, from = 0): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find((entry) => match(entry.frame));
      if (found) return found.frame;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.frame))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the close code once the server closes the socket. */
  closed(timeoutMs = 5_000): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket not closed in time')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
