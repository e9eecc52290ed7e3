CREATE TABLE "container_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"container" text NOT NULL,
	"image" text NOT NULL,
	"from_image_id" text,
	"to_image_id" text,
	"snapshots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'updating' NOT NULL,
	"error" text,
	"started_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"branch" text NOT NULL,
	"from_commit" text,
	"to_commit" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"services" text[] DEFAULT '{}' NOT NULL,
	"log" text DEFAULT '' NOT NULL,
	"error" text,
	"triggered_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "restore_drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"backup_id" uuid,
	"status" text DEFAULT 'running' NOT NULL,
	"tables_checked" integer DEFAULT 0 NOT NULL,
	"rows_checked" bigint DEFAULT 0 NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "system_backups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"tier" text NOT NULL,
	"target" text NOT NULL,
	"location" text,
	"encrypted" boolean DEFAULT false NOT NULL,
	"size_bytes" bigint,
	"sha256" text,
	"contents" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "restore_drills" ADD CONSTRAINT "restore_drills_backup_id_system_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."system_backups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "container_updates_started_idx" ON "container_updates" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "deployments_started_idx" ON "deployments" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "restore_drills_started_idx" ON "restore_drills" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "system_backups_started_idx" ON "system_backups" USING btree ("started_at");