-- Row-Level Security on the AI, moderation, song request and overlay tables, as 0006 and 0008 do.
ALTER TABLE "ai_personas" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ai_personas_tenant" ON "ai_personas"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "ai_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ai_usage_tenant" ON "ai_usage"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "ai_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ai_facts_tenant" ON "ai_facts"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "mod_actions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "mod_actions_tenant" ON "mod_actions"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "mod_allowlist" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "mod_allowlist_tenant" ON "mod_allowlist"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "song_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "song_requests_tenant" ON "song_requests"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "spotify_apps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "spotify_apps_tenant" ON "spotify_apps"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "overlay_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "overlay_keys_tenant" ON "overlay_keys"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
ALTER TABLE "overlay_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "overlay_templates_tenant" ON "overlay_templates"
  USING (homelab_tenant_visible(tenant_id)) WITH CHECK (homelab_tenant_visible(tenant_id));--> statement-breakpoint
-- An overlay page (an OBS browser source) has no session: its secret key finds the tenant, and
-- nothing else is visible to the caller.
CREATE FUNCTION homelab_overlay_tenant(overlay_key_hash bytea)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT tenant_id FROM overlay_keys WHERE key_hash = overlay_key_hash
  $$;
