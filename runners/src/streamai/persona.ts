/** The persona answering in a channel: the channel's own row, else the tenant's default, else the defaults. */

import { defaultPersona, type Persona } from '@homelab/db/stream/persona-prompt';
import type { Sql } from 'postgres';

export async function loadPersona(sql: Sql, tenantId: string, channelId: string): Promise<Persona> {
  const [row] = await sql<Persona[]>`
    select name, prompt, tone, emoji, languages, on_mention as "onMention", command, memory,
      per_user_per_minute as "perUserPerMinute", per_channel_per_minute as "perChannelPerMinute",
      daily_token_budget as "dailyTokenBudget", fallback, fact_every_minutes as "factEveryMinutes", enabled
    from ai_personas
    where tenant_id = ${tenantId} and (channel_id = ${channelId} or channel_id is null)
    order by channel_id is null
    limit 1`;
  return row ? { ...row } : { ...defaultPersona };
}
