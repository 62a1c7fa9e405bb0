import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daprBinary } from './daprd.js';
import { freePort, startDaemon, type Daemon } from './processes.js';

export interface SchedulerOptions {
  /** Every line the scheduler prints. */
  output?: (line: string) => void;
  detached?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `stop` deletes its data: every pending job goes with it. */
export interface Scheduler extends Daemon {
  /** Its gRPC address, for daprd's `--scheduler-host-address`. */
  address: string;
  port: number;
  healthzPort: number;
}

/**
 * Starts Dapr's scheduler (the Jobs API's control plane) alone, with an embedded etcd in a throwaway folder.
 * Its gRPC API and etcd listen on 127.0.0.1; its healthz port listens on every interface whatever the flags
 * say (dapr 1.16.5 ignores --healthz-listen-address: dapr/probe/JOBS-FINDINGS.md), and metrics are off.
 */
export async function startScheduler(options: SchedulerOptions = {}): Promise<Scheduler> {
  const dir = await mkdtemp(join(tmpdir(), 'dapr-scheduler-'));
  const [port, healthzPort, etcdClientPort, etcdPeerPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const id = 'dapr-scheduler-server-0';
  const daemon = await startDaemon(
    'the Dapr scheduler',
    daprBinary('scheduler'),
    [
      ['--id', id],
      ['--mode', 'standalone'],
      ['--listen-address', '127.0.0.1'],
      ['--port', String(port)],
      ['--healthz-port', String(healthzPort)],
      ['--enable-metrics=false'],
      ['--etcd-data-dir', join(dir, 'etcd')],
      ['--etcd-client-listen-address', '127.0.0.1'],
      ['--etcd-client-port', String(etcdClientPort)],
      ['--etcd-initial-cluster', `${id}=http://127.0.0.1:${etcdPeerPort}`],
      // Where it would write its identity with mTLS on (it is off in standalone mode); the default is /tmp.
      ['--identity-directory-write', join(dir, 'identity')],
    ].flat(),
    {
      env: options.env ?? process.env,
      detached: options.detached,
      output: options.output,
      dir,
      ready: async () => (await fetch(`http://127.0.0.1:${healthzPort}/healthz`)).ok,
    },
  );
  return { address: `127.0.0.1:${port}`, port, healthzPort, ...daemon };
}
