import { CORE_METHODS, type CoreApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { startRpcServer, type RpcServer } from '@todo/platform';

export type CoreServer = RpcServer;

export interface CoreServerOptions {
  port: number;
  host?: string;
  log: Logger;
}

/** Core's HTTP app for service invocation: `POST /core/<method>` with `{"args": [...]}` (see startRpcServer). */
export function startCoreServer(api: CoreApi, options: CoreServerOptions): Promise<CoreServer> {
  return startRpcServer({ service: 'core', api, methods: CORE_METHODS, ...options });
}
