CREATE TABLE "jarvis_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"origin" text DEFAULT 'chat' NOT NULL,
	"incident_id" uuid,
	"created_by" uuid,
	"state" text DEFAULT 'idle' NOT NULL,
	"stop_reason" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jarvis_diagnoses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid,
	"conversation_id" uuid,
	"state" text DEFAULT 'investigating' NOT NULL,
	"source" text,
	"problem" text,
	"subject" text,
	"summary" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"runbook_id" uuid,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jarvis_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"role" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"tool_calls" jsonb,
	"tool_call_id" text
);
--> statement-breakpoint
CREATE TABLE "jarvis_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tool" text NOT NULL,
	"target" text DEFAULT '*' NOT NULL,
	"autonomous" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "jarvis_runbooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"symptoms" text[] NOT NULL,
	"body" text NOT NULL,
	"allowed_tools" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jarvis_tool_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"tool" text NOT NULL,
	"args" jsonb NOT NULL,
	"target" text,
	"risk" text NOT NULL,
	"state" text NOT NULL,
	"decided_by" text,
	"decided_by_id" text,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"result" jsonb,
	"error" text,
	"verification" jsonb,
	"discord_message" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jarvis_usage" (
	"day" date PRIMARY KEY NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jarvis_conversations" ADD CONSTRAINT "jarvis_conversations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_conversations" ADD CONSTRAINT "jarvis_conversations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_diagnoses" ADD CONSTRAINT "jarvis_diagnoses_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_diagnoses" ADD CONSTRAINT "jarvis_diagnoses_conversation_id_jarvis_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."jarvis_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_diagnoses" ADD CONSTRAINT "jarvis_diagnoses_runbook_id_jarvis_runbooks_id_fk" FOREIGN KEY ("runbook_id") REFERENCES "public"."jarvis_runbooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_messages" ADD CONSTRAINT "jarvis_messages_conversation_id_jarvis_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."jarvis_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_policies" ADD CONSTRAINT "jarvis_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jarvis_tool_calls" ADD CONSTRAINT "jarvis_tool_calls_conversation_id_jarvis_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."jarvis_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jarvis_conversations_updated_idx" ON "jarvis_conversations" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jarvis_diagnoses_incident_idx" ON "jarvis_diagnoses" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "jarvis_diagnoses_problem_idx" ON "jarvis_diagnoses" USING btree ("problem","subject");--> statement-breakpoint
CREATE INDEX "jarvis_messages_conversation_idx" ON "jarvis_messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "jarvis_policies_tool_target_idx" ON "jarvis_policies" USING btree ("tool","target");--> statement-breakpoint
CREATE INDEX "jarvis_tool_calls_conversation_idx" ON "jarvis_tool_calls" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "jarvis_tool_calls_state_idx" ON "jarvis_tool_calls" USING btree ("state");