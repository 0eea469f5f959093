ALTER TYPE "public"."application_status" ADD VALUE 'withdrawn';--> statement-breakpoint
ALTER TYPE "public"."application_status" ADD VALUE 'declined';--> statement-breakpoint
ALTER TYPE "public"."application_status" ADD VALUE 'expired';--> statement-breakpoint
ALTER TABLE "loan_applications" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "sms_codes" ADD COLUMN "purpose" text DEFAULT 'sign_in' NOT NULL;