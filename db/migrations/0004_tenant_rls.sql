-- Row-Level Security on every table of a tenant. The app role is not the owner of these tables,
-- so the policies bind it: a request sees only the guilds its transaction names in
-- `app.guild_ids` (SET LOCAL, functions/src/lib/tenant.ts), and runners, which act for every
-- tenant, connect with `app.scope = system`. A query that forgets its WHERE sees nothing more.
CREATE FUNCTION homelab_guild_visible(guild text) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(current_setting('app.scope', true), '') = 'system'
      OR guild = ANY (string_to_array(nullif(current_setting('app.guild_ids', true), ''), ','))
  $$;--> statement-breakpoint
ALTER TABLE "discord_guilds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "discord_guilds_tenant" ON "discord_guilds"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "discord_guild_access" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- A person reads their own access rows before they know their guilds (at sign-in).
CREATE POLICY "discord_guild_access_tenant" ON "discord_guild_access"
  USING (homelab_guild_visible(guild_id)
    OR user_id::text = nullif(current_setting('app.user_id', true), ''))
  WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "ticket_categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ticket_categories_tenant" ON "ticket_categories"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "ticket_panels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ticket_panels_tenant" ON "ticket_panels"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "tickets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tickets_tenant" ON "tickets"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "ticket_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ticket_events_tenant" ON "ticket_events"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "ticket_transcripts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ticket_transcripts_tenant" ON "ticket_transcripts"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "go_live_streamers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "go_live_streamers_tenant" ON "go_live_streamers"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));--> statement-breakpoint
ALTER TABLE "go_live_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "go_live_sessions_tenant" ON "go_live_sessions"
  USING (homelab_guild_visible(guild_id)) WITH CHECK (homelab_guild_visible(guild_id));
