import { CORE_METHODS, type CoreApi } from '@todo/contracts';
import { createRpcClient, type RpcClientOptions } from './rpc-client.js';

export type CoreRpcClientOptions = RpcClientOptions;

/** CoreApi over HTTP: core's service-invocation app, e.g. `…/v1.0/invoke/core/method/core`. */
export function createCoreRpcClient(options: CoreRpcClientOptions): CoreApi {
  return createRpcClient<CoreApi>('core', CORE_METHODS, options);
}
