import { hostname } from 'node:os';
import { readDaprSecret } from '@todo/core';
import type { Logger } from '@todo/observability';
import { createCoreRpcClient } from '../adapters/core-rpc-client.js';
import { KafkaTaskEventFeed } from '../adapters/kafka-task-event-feed.js';
import type { GatewayConfig } from '../config.js';
import type { Runtime } from './runtime.js';

/**
 * The gateway beside its Dapr sidecar: core by service invocation, task events straight from Kafka in a
 * consumer group of this replica alone (replicas of one Dapr app id would split the messages), the token
 * key from the Dapr secret store.
 */
export async function startDaprRuntime(config: GatewayConfig, log: Logger): Promise<Runtime> {
  // loadConfig has checked that RUNTIME=dapr comes with both.
  const { DAPR_HTTP_PORT: daprHttpPort = 0, KAFKA_BROKERS: brokers } = config;
  const secret = await readDaprSecret({ daprHttpPort, store: config.SECRET_STORE, key: 'jwt-secret' });
  const feed = new KafkaTaskEventFeed({
    brokers,
    topic: config.TASK_EVENTS_TOPIC,
    groupId: `gateway-${config.REPLICA_ID ?? hostname()}`,
    log,
  });
  await feed.start();
  return {
    core: createCoreRpcClient({
      baseUrl: `http://127.0.0.1:${daprHttpPort}/v1.0/invoke/${config.CORE_APP_ID}/method/core`,
    }),
    events: feed,
    jwtSecret: new TextEncoder().encode(secret),
    describe: { runtime: 'dapr', core: config.CORE_APP_ID, kafka: brokers.join(',') },
    stop: () => feed.stop(),
  };
}
