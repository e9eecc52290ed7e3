-- Row-Level Security on the stream bot's tenant tables, like the guild tables in 0004: a request
-- sees the tenants its transaction names in `app.tenant_ids` (SET LOCAL through withTenant), and
-- runners, connected with `app.scope = system`, see every tenant.
CREATE FUNCTION homelab_tenant_visible(tenant uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(current_setting('app.scope', true), '') = 'system'
      OR tenant::text = ANY (string_to_array(nullif(current_setting('app.tenant_ids', true), ''), ','))
  $$;--> statement-breakpoint
ALTER TABLE "stream_tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The owner finds their own tenant by their user id before they know its id (at sign-in).
CREATE POLICY "stream_tenants_tenant" ON "stream_tenants"
  USING (homelab_tenant_visible(id) OR owner_id::text = nullif(current_setting('app.user_id', true), ''))
  WITH CHECK (homelab_tenant_visible(id) OR owner_id::text = nullif(current_setting('app.user_id', true), ''));--> statement-breakpoint
ALTER TABLE "stream_channels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "stream_channels_tenant" ON "stream_channels"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "chat_leases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "chat_leases_tenant" ON "chat_leases"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "chat_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "chat_events_tenant" ON "chat_events"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "stream_notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "stream_notices_tenant" ON "stream_notices"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));
--> statement-breakpoint
-- Webhooks (Twitch EventSub, Kick) name a broadcaster, not a tenant: this finds the tenant of a
-- channel without opening the table to the caller. It answers one id for one exact key, nothing more.
CREATE FUNCTION homelab_channel_tenant(channel_platform text, channel_platform_id text)
  RETURNS TABLE (channel_id uuid, tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT id, tenant_id FROM stream_channels
    WHERE platform = channel_platform AND platform_channel_id = channel_platform_id
  $$;
