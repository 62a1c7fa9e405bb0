export interface SecretRequest {
  daprHttpPort: number;
  store: string;
  key: string;
  /** How long to wait for the sidecar, which may start after the app. */
  timeoutMs?: number;
}

/** Reads one secret through the sidecar's secrets API, waiting for the sidecar to come up. */
export async function readDaprSecret({
  daprHttpPort,
  store,
  key,
  timeoutMs = 60_000,
}: SecretRequest): Promise<string> {
  const url = `http://127.0.0.1:${daprHttpPort}/v1.0/secrets/${store}/${encodeURIComponent(key)}`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) {
        const value = ((await response.json()) as Record<string, string>)[key];
        if (value) return value;
        last = `secret ${key} is empty`;
      } else {
        last = `${response.status} ${await response.text()}`;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Could not read secret ${key} from Dapr store ${store} in ${timeoutMs} ms: ${last}`);
}
