CREATE TYPE "public"."staff_role_request_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TABLE "staff_role_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"reason" text NOT NULL,
	"status" "staff_role_request_status" DEFAULT 'pending' NOT NULL,
	"requested_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "staff_role_requests_reason_length" CHECK (length("staff_role_requests"."reason") between 1 and 500),
	CONSTRAINT "staff_role_requests_four_eyes" CHECK ("staff_role_requests"."decided_by_user_id" is null or "staff_role_requests"."decided_by_user_id" <> "staff_role_requests"."requested_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "second_factor_roles" "role"[] DEFAULT '{finance,risk_officer,admin}'::role[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "second_factor_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "region_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_role_requests" ADD CONSTRAINT "staff_role_requests_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_role_requests" ADD CONSTRAINT "staff_role_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_role_requests" ADD CONSTRAINT "staff_role_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_role_requests" ADD CONSTRAINT "staff_role_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_role_requests_one_pending" ON "staff_role_requests" USING btree ("user_id","role") WHERE "staff_role_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "staff_role_requests_operator_idx" ON "staff_role_requests" USING btree ("operator_id","status");