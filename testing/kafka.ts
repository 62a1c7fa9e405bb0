import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
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

/** Restarts the test broker on the same ports and data (scripts/provision/kafka.sh restart). */
export function restartKafka(): ChildProcess {
  const state = process.env.KAFKA_STATE;
  if (!state) throw new Error('KAFKA_STATE is not set: run the tests with `npm test`, which starts Kafka.');
  return spawn(fileURLToPath(new URL('../scripts/provision/kafka.sh', import.meta.url)), ['restart', state], {
    stdio: 'ignore',
  });
}

/** True while something accepts connections on the broker's address. */
export function brokerUp(): Promise<boolean> {
  const [host, port] = kafkaBrokers()[0]!.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
