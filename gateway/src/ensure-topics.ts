import { z } from 'zod';
import { createLogger } from '@todo/observability';
import { parseEnv } from '@todo/platform';
import { ensureTopics, parseTopicSpecs, type TopicSpec } from './adapters/kafka-topics.js';
import { commaList } from './comma-list.js';

/*
 * Creates the Kafka topics the dapr runtime needs (the brokers create none): the Helm chart's topics Job runs
 * it before the services need them. Idempotent. Exit codes: 0 done, 1 Kafka refused or was unreachable,
 * 2 bad settings.
 */
const Env = z.object({
  KAFKA_BROKERS: commaList('').pipe(z.array(z.string()).min(1, 'at least one broker')),
  /** `name:partitions`, comma-separated, e.g. `task-events:6,task-events-dlq:1,notifications:6`. */
  TOPICS: z.string(),
  REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(120_000),
});

const log = createLogger('ensure-topics');

async function main(): Promise<number> {
  let env: z.output<typeof Env>;
  let topics: TopicSpec[];
  try {
    env = parseEnv(Env);
    topics = parseTopicSpecs(env.TOPICS);
  } catch (error) {
    log.fatal((error as Error).message);
    return 2;
  }
  try {
    const result = await ensureTopics({
      brokers: env.KAFKA_BROKERS,
      topics,
      replicationFactor: env.REPLICATION_FACTOR,
      connectTimeoutMs: env.CONNECT_TIMEOUT_MS,
    });
    log.info(
      result,
      `topics ready: ${result.created.length} created, ${result.existing.length} already there`,
    );
    return 0;
  } catch (error) {
    log.fatal(
      { err: error, brokers: env.KAFKA_BROKERS },
      `could not create the topics: ${(error as Error).message}`,
    );
    return 1;
  }
}

// exitCode, not exit(): the last log line must reach a piped stdout first.
void main().then((code) => (process.exitCode = code));
