import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** The test Kafka broker that `npm test` starts (scripts/provision/kafka.sh); without it, fail loudly. */
export function kafkaBrokers(): string[] {
  const bootstrap = process.env.KAFKA_BOOTSTRAP;
  if (!bootstrap) {
    throw new Error(
      'KAFKA_BOOTSTRAP is not set. Run the tests with `npm test` (it starts Kafka), or start one with ' +
        '`scripts/provision/kafka.sh start <statefile>` and export the KAFKA_BOOTSTRAP it writes.',
    );
  }
  return bootstrap.split(',');
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'tests', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
}

/** A fresh topic per suite, so suites never read each other's messages. */
export async function createTopic(prefix: string, partitions: number): Promise<string> {
  const topic = `${prefix}-${randomBytes(4).toString('hex')}`;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}
