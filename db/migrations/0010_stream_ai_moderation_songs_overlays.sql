CREATE TABLE "mod_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"user_name" text NOT NULL,
	"message_id" text,
	"message" text NOT NULL,
	"rule" text NOT NULL,
	"score" real,
	"action" text NOT NULL,
	"duration_s" integer,
	"reason" text NOT NULL,
	"state" text DEFAULT 'done' NOT NULL,
	"detail" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mod_allowlist" (
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mod_allowlist_tenant_id_kind_value_pk" PRIMARY KEY("tenant_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "overlay_keys" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"key_sealed" text NOT NULL,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overlay_templates" (
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"template" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "overlay_templates_tenant_id_kind_pk" PRIMARY KEY("tenant_id","kind")
);
--> statement-breakpoint
CREATE TABLE "song_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"title" text NOT NULL,
	"artists" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"explicit" boolean DEFAULT false NOT NULL,
	"viewer_id" uuid,
	"user_name" text NOT NULL,
	"platform" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"skip_votes" integer DEFAULT 0 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"played_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "spotify_apps" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"client_secret" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_facts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"fact" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_personas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid,
	"name" text DEFAULT 'SnappleBot' NOT NULL,
	"prompt" text DEFAULT '' NOT NULL,
	"tone" text DEFAULT 'friendly' NOT NULL,
	"emoji" integer DEFAULT 1 NOT NULL,
	"languages" text[] DEFAULT '{en}'::text[] NOT NULL,
	"on_mention" boolean DEFAULT true NOT NULL,
	"command" text DEFAULT 'ai' NOT NULL,
	"memory" integer DEFAULT 10 NOT NULL,
	"per_user_per_minute" integer DEFAULT 2 NOT NULL,
	"per_channel_per_minute" integer DEFAULT 10 NOT NULL,
	"daily_token_budget" integer DEFAULT 50000 NOT NULL,
	"fallback" text DEFAULT 'My circuits are fizzing right now — ask me again in a bit!' NOT NULL,
	"fact_every_minutes" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_personas_numbers_check" CHECK ("ai_personas"."emoji" BETWEEN 0 AND 3 AND "ai_personas"."memory" BETWEEN 0 AND 50 AND "ai_personas"."per_user_per_minute" >= 0 AND "ai_personas"."per_channel_per_minute" >= 0 AND "ai_personas"."daily_token_budget" >= 0 AND "ai_personas"."fact_every_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ai_usage" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"fallbacks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ai_usage_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
ALTER TABLE "stream_tenants" ADD COLUMN "onboarding" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mod_actions" ADD CONSTRAINT "mod_actions_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_actions" ADD CONSTRAINT "mod_actions_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_allowlist" ADD CONSTRAINT "mod_allowlist_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overlay_keys" ADD CONSTRAINT "overlay_keys_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overlay_templates" ADD CONSTRAINT "overlay_templates_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_requests" ADD CONSTRAINT "song_requests_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_requests" ADD CONSTRAINT "song_requests_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spotify_apps" ADD CONSTRAINT "spotify_apps_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_facts" ADD CONSTRAINT "ai_facts_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_facts" ADD CONSTRAINT "ai_facts_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_personas" ADD CONSTRAINT "ai_personas_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_personas" ADD CONSTRAINT "ai_personas_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mod_actions_tenant_idx" ON "mod_actions" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "mod_actions_user_idx" ON "mod_actions" USING btree ("tenant_id","platform","user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "overlay_keys_hash_idx" ON "overlay_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "song_requests_tenant_idx" ON "song_requests" USING btree ("tenant_id","state","id");--> statement-breakpoint
CREATE INDEX "ai_facts_channel_idx" ON "ai_facts" USING btree ("channel_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_personas_scope_idx" ON "ai_personas" USING btree ("tenant_id",coalesce("channel_id", '00000000-0000-0000-0000-000000000000'::uuid));