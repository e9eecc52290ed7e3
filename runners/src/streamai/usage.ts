/** The tenant's AI spending per UTC day (ai_usage): read for the budget, added to after each call. */
import type { Sql } from 'postgres';

export type UsageDelta = {
  promptTokens?: number;
  completionTokens?: number;
  requests?: number;
  fallbacks?: number;
};

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function tokensUsed(sql: Sql, tenantId: string, day: string): Promise<number> {
  const [row] = await sql<{ used: number }[]>`
    select prompt_tokens + completion_tokens as used from ai_usage where tenant_id = ${tenantId} and day = ${day}`;
  return row?.used ?? 0;
}

export async function addUsage(sql: Sql, tenantId: string, day: string, delta: UsageDelta) {
  const p = delta.promptTokens ?? 0;
  const c = delta.completionTokens ?? 0;
  const r = delta.requests ?? 0;
  const f = delta.fallbacks ?? 0;
  await sql`
    insert into ai_usage (tenant_id, day, prompt_tokens, completion_tokens, requests, fallbacks)
    values (${tenantId}, ${day}, ${p}, ${c}, ${r}, ${f})
    on conflict (tenant_id, day) do update set
      prompt_tokens = ai_usage.prompt_tokens + excluded.prompt_tokens,
      completion_tokens = ai_usage.completion_tokens + excluded.completion_tokens,
      requests = ai_usage.requests + excluded.requests,
      fallbacks = ai_usage.fallbacks + excluded.fallbacks`;
}
