CREATE TABLE "database_backups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "database_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"engine" text NOT NULL,
	"version" text NOT NULL,
	"image" text NOT NULL,
	"container_name" text NOT NULL,
	"volume_name" text NOT NULL,
	"network_name" text NOT NULL,
	"host_port" integer,
	"expose" text DEFAULT 'none' NOT NULL,
	"memory_mb" integer NOT NULL,
	"cpus" numeric(6, 2) NOT NULL,
	"username" text NOT NULL,
	"database_name" text,
	"password_encrypted" text NOT NULL,
	"status" text DEFAULT 'deploying' NOT NULL,
	"status_detail" text,
	"backup_schedule" text,
	"backup_retention" integer DEFAULT 7 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "database_backups" ADD CONSTRAINT "database_backups_instance_id_database_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."database_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "database_backups_instance_idx" ON "database_backups" USING btree ("instance_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "database_instances_name_idx" ON "database_instances" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "database_instances_host_port_idx" ON "database_instances" USING btree ("host_port") WHERE "database_instances"."host_port" is not null;