import { Kafka, logLevel } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
}

/**
 * Parses `name:partitions` entries, comma-separated (`task-events:6,notifications:6`). Throws an error that
 * names the entry at fault.
 */
export function parseTopicSpecs(text: string): TopicSpec[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error('no topics given (expected name:partitions, comma-separated)');
  return entries.map((entry) => {
    const match = /^([A-Za-z0-9._-]{1,249}):([1-9][0-9]{0,4})$/.exec(entry);
    if (!match) {
      throw new Error(
        `"${entry}" is not name:partitions (a topic name of letters, digits, ".", "_", "-"; partitions 1-99999)`,
      );
    }
    return { topic: match[1]!, partitions: Number(match[2]) };
  });
}

export interface EnsureTopicsOptions {
  brokers: string[];
  topics: TopicSpec[];
  replicationFactor: number;
  /** How long to keep trying to reach the brokers (they may still be starting). */
  connectTimeoutMs?: number;
}

/**
 * Creates the topics that do not exist yet; existing ones are left as they are (their partition counts
 * included: changing them would move keys between partitions and break per-user order).
 */
export async function ensureTopics(
  options: EnsureTopicsOptions,
): Promise<{ created: string[]; existing: string[] }> {
  const kafka = new Kafka({
    clientId: 'todo-ensure-topics',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    // Few retries per call: the loop below decides how long to keep trying.
    retry: { retries: 2, initialRetryTime: 300 },
  });
  const admin = kafka.admin();
  const deadline = Date.now() + (options.connectTimeoutMs ?? 120_000);
  for (;;) {
    try {
      await admin.connect();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    const present = new Set(await admin.listTopics());
    const missing = options.topics.filter(({ topic }) => !present.has(topic));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(({ topic, partitions }) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: options.replicationFactor,
        })),
      });
    }
    return {
      created: missing.map(({ topic }) => topic),
      existing: options.topics.filter(({ topic }) => present.has(topic)).map(({ topic }) => topic),
    };
  } finally {
    await admin.disconnect();
  }
}
