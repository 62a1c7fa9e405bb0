import { NOTIFIER_METHODS, type NotifierApi } from '@todo/contracts';
import { createRpcClient, type RpcClientOptions } from './rpc-client.js';

/**
 * NotifierApi over HTTP: the notifier's service-invocation app, which answers `POST /notifier/<method>`
 * with `{"args": [...]}` as core's does (`…/v1.0/invoke/notifier/method/notifier`).
 */
export function createNotifierRpcClient(options: RpcClientOptions): NotifierApi {
  return createRpcClient<NotifierApi>('notifier', NOTIFIER_METHODS, options);
}
