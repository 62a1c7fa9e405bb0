import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** A postgres:// URL on loopback that the ordinary driver connects to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL in WebAssembly) persisted under `dataDir` ("memory://" for none) and serves
 * it on a loopback port, so embedded mode speaks the same SQL over the same driver as a real server.
 */
export async function startPgliteServer(dataDir: string): Promise<PgliteServer> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
