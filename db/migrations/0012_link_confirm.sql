ALTER TABLE "viewer_link_codes" ADD COLUMN "needs_confirm" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "viewer_link_codes" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "viewer_link_codes" ADD CONSTRAINT "viewer_link_codes_claimed_by_viewers_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."viewers"("id") ON DELETE cascade ON UPDATE no action;