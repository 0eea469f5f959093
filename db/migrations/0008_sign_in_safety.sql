CREATE TABLE "password_failures" (
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "password_failures_user_id_source_pk" PRIMARY KEY("user_id","source"),
	CONSTRAINT "password_failures_count" CHECK ("password_failures"."failures" >= 0)
);
--> statement-breakpoint
ALTER TABLE "password_failures" ADD CONSTRAINT "password_failures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_password_attempts";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "password_locked_until";