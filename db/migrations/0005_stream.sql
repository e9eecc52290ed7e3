CREATE TABLE "chat_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"platform_event_id" text,
	"user_id" text,
	"user_name" text,
	"text" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_leases" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"platform_channel_id" text NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"account_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"bot_is_moderator" boolean DEFAULT false NOT NULL,
	"live_chat_id" text,
	"quota_used" integer DEFAULT 0 NOT NULL,
	"quota_day" text,
	"quota_budget" integer DEFAULT 2000 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stream_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"provider" text NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_provider_message_id_pk" PRIMARY KEY("provider","message_id")
);
--> statement-breakpoint
ALTER TABLE "chat_events" ADD CONSTRAINT "chat_events_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_events" ADD CONSTRAINT "chat_events_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_leases" ADD CONSTRAINT "chat_leases_channel_id_stream_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."stream_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_leases" ADD CONSTRAINT "chat_leases_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_channels" ADD CONSTRAINT "stream_channels_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_channels" ADD CONSTRAINT "stream_channels_account_id_oauth_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."oauth_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_notices" ADD CONSTRAINT "stream_notices_tenant_id_stream_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."stream_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_tenants" ADD CONSTRAINT "stream_tenants_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_events_channel_idx" ON "chat_events" USING btree ("channel_id","id");--> statement-breakpoint
CREATE INDEX "chat_events_tenant_idx" ON "chat_events" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stream_channels_platform_channel_idx" ON "stream_channels" USING btree ("platform","platform_channel_id");--> statement-breakpoint
CREATE INDEX "stream_channels_tenant_idx" ON "stream_channels" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "stream_notices_tenant_idx" ON "stream_notices" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stream_tenants_owner_idx" ON "stream_tenants" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at");