CREATE TABLE "discord_guild_access" (
	"user_id" uuid NOT NULL,
	"guild_id" text NOT NULL,
	"level" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discord_guild_access_user_id_guild_id_pk" PRIMARY KEY("user_id","guild_id")
);
--> statement-breakpoint
CREATE TABLE "discord_guilds" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"icon_url" text,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"support_hours" jsonb,
	"out_of_hours_message" text,
	"staff_role_ids" text[] DEFAULT '{}' NOT NULL,
	"auto_close_hours" integer,
	"survey_enabled" boolean DEFAULT true NOT NULL,
	"transcript_channel_id" text,
	"log_channel_id" text,
	"ticket_counter" integer DEFAULT 0 NOT NULL,
	"go_live_channel_id" text,
	"go_live_template" text DEFAULT '{role} {streamer} is live on {platform}: {title}' NOT NULL,
	"go_live_mention_role_id" text,
	"go_live_live_role_id" text,
	"go_live_discover_role_id" text,
	"go_live_auto_discover" boolean DEFAULT true NOT NULL,
	"go_live_quiet_hours" jsonb,
	"go_live_end_action" text DEFAULT 'edit' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discord_interactions" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "go_live_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"streamer_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"title" text,
	"game" text,
	"started_at" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "go_live_streamers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"discord_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"source" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"kick_slug" text,
	"state" text DEFAULT 'offline' NOT NULL,
	"platform" text,
	"url" text,
	"title" text,
	"game" text,
	"state_since" timestamp with time zone DEFAULT now() NOT NULL,
	"live_since" timestamp with time zone,
	"post_channel_id" text,
	"post_message_id" text,
	"cooldown_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"emoji" text,
	"form" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"staff_role_ids" text[] DEFAULT '{}' NOT NULL,
	"mode" text DEFAULT 'channel' NOT NULL,
	"parent_channel_id" text,
	"naming_pattern" text DEFAULT 'ticket-{number}' NOT NULL,
	"opening_message" text,
	"sla_first_response_minutes" integer,
	"sla_resolution_minutes" integer,
	"escalation_role_id" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"body" text,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text,
	"title" text NOT NULL,
	"description" text,
	"style" text DEFAULT 'buttons' NOT NULL,
	"category_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_transcripts" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"message_count" integer NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guild_id" text NOT NULL,
	"number" integer NOT NULL,
	"category_id" uuid,
	"channel_id" text,
	"opener_id" text NOT NULL,
	"opener_name" text NOT NULL,
	"subject" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_message_url" text,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"members" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_response_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_reason" text,
	"escalated_at" timestamp with time zone,
	"rating" integer,
	"rating_comment" text
);
--> statement-breakpoint
CREATE TABLE "oauth_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_user_id" text NOT NULL,
	"username" text NOT NULL,
	"avatar_url" text,
	"access_token" text,
	"refresh_token" text,
	"token_expires_at" timestamp with time zone,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"state" text DEFAULT 'connected' NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "discord_guild_access" ADD CONSTRAINT "discord_guild_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discord_guild_access" ADD CONSTRAINT "discord_guild_access_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_sessions" ADD CONSTRAINT "go_live_sessions_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_sessions" ADD CONSTRAINT "go_live_sessions_streamer_id_go_live_streamers_id_fk" FOREIGN KEY ("streamer_id") REFERENCES "public"."go_live_streamers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_streamers" ADD CONSTRAINT "go_live_streamers_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD CONSTRAINT "ticket_categories_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_panels" ADD CONSTRAINT "ticket_panels_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_transcripts" ADD CONSTRAINT "ticket_transcripts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_transcripts" ADD CONSTRAINT "ticket_transcripts_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_guild_id_discord_guilds_guild_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."discord_guilds"("guild_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_category_id_ticket_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."ticket_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_accounts" ADD CONSTRAINT "oauth_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discord_guild_access_guild_idx" ON "discord_guild_access" USING btree ("guild_id");--> statement-breakpoint
CREATE INDEX "discord_interactions_received_idx" ON "discord_interactions" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "go_live_sessions_guild_idx" ON "go_live_sessions" USING btree ("guild_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "go_live_streamers_guild_user_idx" ON "go_live_streamers" USING btree ("guild_id","discord_user_id");--> statement-breakpoint
CREATE INDEX "ticket_categories_guild_idx" ON "ticket_categories" USING btree ("guild_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_categories_guild_name_idx" ON "ticket_categories" USING btree ("guild_id",lower("name"));--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "ticket_panels_guild_idx" ON "ticket_panels" USING btree ("guild_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_guild_number_idx" ON "tickets" USING btree ("guild_id","number");--> statement-breakpoint
CREATE INDEX "tickets_guild_status_idx" ON "tickets" USING btree ("guild_id","status","created_at");--> statement-breakpoint
CREATE INDEX "tickets_channel_idx" ON "tickets" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "tickets_activity_idx" ON "tickets" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin (to_tsvector('simple', "subject" || ' ' || "opener_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_accounts_provider_user_idx" ON "oauth_accounts" USING btree ("provider","provider_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_accounts_user_provider_idx" ON "oauth_accounts" USING btree ("user_id","provider");--> statement-breakpoint
CREATE INDEX "oauth_accounts_expiry_idx" ON "oauth_accounts" USING btree ("token_expires_at");