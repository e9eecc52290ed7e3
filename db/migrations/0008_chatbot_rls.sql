-- Row-Level Security on the chat features' tables, as 0006 does for the platform's: a request sees
-- the tenants its transaction names in `app.tenant_ids`; runners (`app.scope = system`) see all.
ALTER TABLE "bot_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_settings_tenant" ON "bot_settings"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_commands" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_commands_tenant" ON "bot_commands"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_counters_tenant" ON "bot_counters"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_quotes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_quotes_tenant" ON "bot_quotes"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_timers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_timers_tenant" ON "bot_timers"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_keywords" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_keywords_tenant" ON "bot_keywords"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "bot_viewer_queue" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "bot_viewer_queue_tenant" ON "bot_viewer_queue"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "viewers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "viewers_tenant" ON "viewers"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "viewer_identities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "viewer_identities_tenant" ON "viewer_identities"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "viewer_link_codes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "viewer_link_codes_tenant" ON "viewer_link_codes"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "currency_ledger" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "currency_ledger_tenant" ON "currency_ledger"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "giveaways" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "giveaways_tenant" ON "giveaways"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "giveaway_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "giveaway_entries_tenant" ON "giveaway_entries"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "giveaway_winners" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "giveaway_winners_tenant" ON "giveaway_winners"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "polls" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "polls_tenant" ON "polls"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "poll_votes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "poll_votes_tenant" ON "poll_votes"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "stream_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "stream_sessions_tenant" ON "stream_sessions"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "stream_samples" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "stream_samples_tenant" ON "stream_samples"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));
