import { z } from 'zod';
import type { LlmConfig } from './adapters/llm/openai-chat-client.js';

/**
 * The assistant's optional model, from the environment of the process that hosts core: an
 * OpenAI-compatible endpoint (`LLM_BASE_URL`, e.g. https://api.openai.com/v1 or a local server's /v1) and
 * `LLM_MODEL`. Its key is a secret: `LLM_API_KEY` in the embedded runtime, the secret store's
 * `llm-api-key` in the dapr runtime. Without `LLM_BASE_URL`, the offline engine answers alone.
 */
export const LlmSettings = z
  .object({
    LLM_BASE_URL: z.string().url().optional(),
    LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  })
  .loose();
export type LlmSettings = z.infer<typeof LlmSettings>;

/** The model to use, if one is configured. */
export function llmConfig(settings: LlmSettings, apiKey: string | undefined): LlmConfig | undefined {
  if (!settings.LLM_BASE_URL) return undefined;
  return {
    baseUrl: settings.LLM_BASE_URL,
    model: settings.LLM_MODEL,
    timeoutMs: settings.LLM_TIMEOUT_MS,
    ...(apiKey && { apiKey }),
  };
}
