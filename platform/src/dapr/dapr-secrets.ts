import { daprFetch } from './dapr-http.js';

export interface SecretRequest {
  daprHttpPort: number;
  store: string;
  key: string;
  /**
   * The secret that holds `key`, for stores whose secrets hold several keys (Kubernetes: one Secret with
   * `jwt-secret`, `database-url` …). Without it the key names its own secret (the local file store).
   */
  name?: string;
  /** How long to wait for the sidecar, which may start after the app. */
  timeoutMs?: number;
  /** A secret the store may not have: once the sidecar answers without it, undefined instead of waiting. */
  optional?: boolean;
}

/** Reads one secret through the sidecar's secrets API, waiting for the sidecar to come up. */
export async function readDaprSecret(
  request: SecretRequest & { optional: true },
): Promise<string | undefined>;
export async function readDaprSecret(request: SecretRequest): Promise<string>;
export async function readDaprSecret({
  daprHttpPort,
  store,
  key,
  name = key,
  timeoutMs = 60_000,
  optional = false,
}: SecretRequest): Promise<string | undefined> {
  const path = `/v1.0/secrets/${store}/${encodeURIComponent(name)}`;
  const what = name === key ? `secret ${key}` : `key ${key} of secret ${name}`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await daprFetch(daprHttpPort, path);
      const text = await response.text();
      const value = response.status === 200 ? (JSON.parse(text) as Record<string, string>)[key] : undefined;
      if (value) return value;
      // The sidecar answered: a secret the store may lack is simply not there (204, or the store's error).
      if (optional) return undefined;
      last = response.ok ? `${what} is missing or empty` : `${response.status} ${text}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Could not read ${what} from Dapr store ${store} in ${timeoutMs} ms: ${last}`);
}
