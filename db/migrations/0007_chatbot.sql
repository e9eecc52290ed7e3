CREATE TABLE "bot_commands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"response" text NOT NULL,
	"response_type" text DEFAULT 'say' NOT NULL,
	"platforms" text[] DEFAULT '{twitch,youtube,kick}'::text[] NOT NULL,
	"min_level" text DEFAULT 'everyone' NOT NULL,
	"global_cooldown_s" integer DEFAULT 5 NOT NULL,
	"user_cooldown_s" integer DEFAULT 15 NOT NULL,
	"cost" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"uses" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_commands_cost_check" CHECK ("bot_commands"."cost" >= 0),
	CONSTRAINT "bot_commands_cooldown_check" CHECK ("bot_commands"."global_cooldown_s" >= 0 AND "bot_commands"."user_cooldown_s" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bot_counters" (
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_counters_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "bot_keywords" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"pattern" text NOT NULL,
	"response" text NOT NULL,
	"cooldown_s" integer DEFAULT 30 NOT NULL,
	"min_level" text DEFAULT 'everyone' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_quotes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"author" text,
	"game" text,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_timers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"message" text NOT NULL,
	"interval_s" integer DEFAULT 900 NOT NULL,
	"min_lines" integer DEFAULT 5 NOT NULL,
	"online_only" boolean DEFAULT true NOT NULL,
	"platforms" text[] DEFAULT '{twitch,youtube,kick}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_timers_interval_check" CHECK ("bot_timers"."interval_s" >= 60 AND "bot_timers"."min_lines" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bot_viewer_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"platform" text NOT NULL,
	"note" text,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"picked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "currency_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"delta" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"reason" text NOT NULL,
	"ref" text,
	"actor" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "viewer_identities" (
	"tenant_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"viewer_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"followed_at" timestamp with time zone,
	CONSTRAINT "viewer_identities_tenant_id_platform_platform_user_id_pk" PRIMARY KEY("tenant_id","platform","platform_user_id")
);
--> statement-breakpoint
CREATE TABLE "viewer_link_codes" (
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"viewer_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "viewer_link_codes_tenant_id_code_pk" PRIMARY KEY("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "viewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"watch_minutes" bigint DEFAULT 0 NOT NULL,
	"messages" bigint DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "viewers_balance_check" CHECK ("viewers"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "giveaway_entries" (
	"giveaway_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"platform" text NOT NULL,
	"tickets" integer DEFAULT 1 NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "giveaway_entries_giveaway_id_viewer_id_pk" PRIMARY KEY("giveaway_id","viewer_id")
);
--> statement-breakpoint
CREATE TABLE "giveaway_winners" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"giveaway_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "giveaways" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"prize" text NOT NULL,
	"keyword" text NOT NULL,
	"cost" integer DEFAULT 0 NOT NULL,
	"subscriber_luck" integer DEFAULT 1 NOT NULL,
	"min_level" text DEFAULT 'everyone' NOT NULL,
	"claim_seconds" integer DEFAULT 60 NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "giveaways_numbers_check" CHECK ("giveaways"."cost" >= 0 AND "giveaways"."subscriber_luck" BETWEEN 1 AND 10 AND "giveaways"."claim_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"poll_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"option" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poll_votes_poll_id_viewer_id_pk" PRIMARY KEY("poll_id","viewer_id"),
	CONSTRAINT "poll_votes_amount_check" CHECK ("poll_votes"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"question" text NOT NULL,
	"options" text[] NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"winning_option" integer,
	"native" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"closes_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "polls_options_check" CHECK (cardinality("polls"."options") BETWEEN 2 AND 10)
);
--> statement-breakpoint
CREATE TABLE "stream_samples" (
	"session_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"viewers" integer,
	"messages" integer DEFAULT 0 NOT NULL,
	"chatters" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stream_samples_session_id_at_pk" PRIMARY KEY("session_id","at")
);
--> statement-breakpoint
CREATE TABLE "stream_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"title" text,
	"game" text,
	"peak_viewers" integer DEFAULT 0 NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"chatters" integer DEFAULT 0 NOT NULL,
	"new_followers" integer DEFAULT 0 NOT NULL,
	"new_subs" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_commands" ADD CONSTRAINT "bot_commands_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_counters" ADD CONSTRAINT "bot_counters_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_keywords" ADD CONSTRAINT "bot_keywords_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_quotes" ADD CONSTRAINT "bot_quotes_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_settings" ADD CONSTRAINT "bot_settings_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_timers" ADD CONSTRAINT "bot_timers_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_viewer_queue" ADD CONSTRAINT "bot_viewer_queue_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_viewer_queue" ADD CONSTRAINT "bot_viewer_queue_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "currency_ledger" ADD CONSTRAINT "currency_ledger_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "currency_ledger" ADD CONSTRAINT "currency_ledger_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "viewer_identities" ADD CONSTRAINT "viewer_identities_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "viewer_identities" ADD CONSTRAINT "viewer_identities_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "viewer_link_codes" ADD CONSTRAINT "viewer_link_codes_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "viewer_link_codes" ADD CONSTRAINT "viewer_link_codes_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "viewers" ADD CONSTRAINT "viewers_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_entries" ADD CONSTRAINT "giveaway_entries_giveaway_id_giveaways_id_fk" FOREIGN KEY ("giveaway_id") REFERENCES "public"."giveaways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_entries" ADD CONSTRAINT "giveaway_entries_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_entries" ADD CONSTRAINT "giveaway_entries_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_winners" ADD CONSTRAINT "giveaway_winners_giveaway_id_giveaways_id_fk" FOREIGN KEY ("giveaway_id") REFERENCES "public"."giveaways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_winners" ADD CONSTRAINT "giveaway_winners_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaway_winners" ADD CONSTRAINT "giveaway_winners_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giveaways" ADD CONSTRAINT "giveaways_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_viewer_id_viewers_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_samples" ADD CONSTRAINT "stream_samples_session_id_stream_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."stream_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_samples" ADD CONSTRAINT "stream_samples_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_sessions" ADD CONSTRAINT "stream_sessions_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_sessions" ADD CONSTRAINT "stream_sessions_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bot_commands_name_idx" ON "bot_commands" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "bot_keywords_tenant_idx" ON "bot_keywords" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_quotes_number_idx" ON "bot_quotes" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_timers_name_idx" ON "bot_timers" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "bot_viewer_queue_tenant_idx" ON "bot_viewer_queue" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_viewer_queue_waiting_idx" ON "bot_viewer_queue" USING btree ("tenant_id","viewer_id") WHERE picked_at IS NULL;--> statement-breakpoint
CREATE INDEX "currency_ledger_viewer_idx" ON "currency_ledger" USING btree ("viewer_id","id");--> statement-breakpoint
CREATE INDEX "currency_ledger_tenant_idx" ON "currency_ledger" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "viewer_identities_viewer_idx" ON "viewer_identities" USING btree ("viewer_id");--> statement-breakpoint
CREATE INDEX "viewers_tenant_balance_idx" ON "viewers" USING btree ("tenant_id","balance");--> statement-breakpoint
CREATE INDEX "giveaway_winners_giveaway_idx" ON "giveaway_winners" USING btree ("giveaway_id");--> statement-breakpoint
CREATE INDEX "giveaways_tenant_idx" ON "giveaways" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "polls_tenant_idx" ON "polls" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "stream_sessions_tenant_idx" ON "stream_sessions" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "stream_sessions_channel_idx" ON "stream_sessions" USING btree ("channel_id","started_at");