import { hostname } from 'node:os';
import type { Logger } from '@todo/observability';
import { readDaprSecret } from '@todo/platform';
import { createCoreRpcClient } from '../adapters/core-rpc-client.js';
import { KafkaNotificationFeed } from '../adapters/kafka-notification-feed.js';
import { KafkaTaskEventFeed } from '../adapters/kafka-task-event-feed.js';
import { createNotifierRpcClient } from '../adapters/notifier-rpc-client.js';
import type { GatewayConfig } from '../config.js';
import type { Runtime } from './runtime.js';

/**
 * The gateway beside its Dapr sidecar: core and the notifier by service invocation, task events and
 * notifications straight from Kafka in consumer groups of this replica alone (replicas of one Dapr app id
 * would split the messages), the token key from the Dapr secret store.
 */
export async function startDaprRuntime(config: GatewayConfig, log: Logger): Promise<Runtime> {
  // loadConfig has checked that RUNTIME=dapr comes with both.
  const { DAPR_HTTP_PORT: daprHttpPort = 0, KAFKA_BROKERS: brokers } = config;
  const secret = await readDaprSecret({
    daprHttpPort,
    store: config.SECRET_STORE,
    name: config.SECRET_NAME,
    key: 'jwt-secret',
  });
  const replica = config.REPLICA_ID ?? hostname();
  const events = new KafkaTaskEventFeed({
    brokers,
    topic: config.TASK_EVENTS_TOPIC,
    groupId: `gateway-${replica}`,
    log,
  });
  const notifications = new KafkaNotificationFeed({
    brokers,
    topic: config.NOTIFICATIONS_TOPIC,
    groupId: `gateway-${replica}-notifications`,
    log,
  });
  await events.start();
  // Tasks are the gateway's core job; the notifier (and its topic) may come up later, so notifications
  // must not hold up the start: the feed keeps trying in the background.
  notifications.startInBackground();
  const invoke = (appId: string, service: string) =>
    `http://127.0.0.1:${daprHttpPort}/v1.0/invoke/${appId}/method/${service}`;
  return {
    // Dapr's timeout for core (dapr/resources/resiliency.yaml) is a chat's, one for every method; the
    // other methods give up sooner here, so a stuck core fails a list in seconds, not a minute.
    core: createCoreRpcClient({
      baseUrl: invoke(config.CORE_APP_ID, 'core'),
      timeoutMs: 10_000,
      methodTimeoutsMs: { chat: 60_000 },
    }),
    events,
    notifier: createNotifierRpcClient({ baseUrl: invoke(config.NOTIFIER_APP_ID, 'notifier') }),
    notifications,
    jwtSecret: new TextEncoder().encode(secret),
    describe: {
      runtime: 'dapr',
      core: config.CORE_APP_ID,
      notifier: config.NOTIFIER_APP_ID,
      kafka: brokers.join(','),
    },
    stop: async () => {
      await Promise.all([events.stop(), notifications.stop()]);
    },
  };
}
