-- 0011 (0010 is taken by the bank-payout work on another branch). sms_outbox held only the sandbox
-- gateway's demo texts; every message now lives in sms_messages, whatever the gateway.
CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"phone_enc" "bytea" NOT NULL,
	"phone_masked" text NOT NULL,
	"params_enc" "bytea",
	"delivery" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"gateway" text,
	"template_code" text,
	"provider_message_id" text,
	"error_code" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"uncertain" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"receipt_checked_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sms_messages_status_check" CHECK ("sms_messages"."status" in ('queued', 'sent', 'delivered', 'failed')),
	CONSTRAINT "sms_messages_delivery_check" CHECK ("sms_messages"."delivery" in ('now', 'dispatcher')),
	CONSTRAINT "sms_messages_sent_has_id_check" CHECK ("sms_messages"."status" in ('queued', 'failed') or "sms_messages"."provider_message_id" is not null)
);
--> statement-breakpoint
DROP TABLE "sms_outbox" CASCADE;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_messages_operator_idx" ON "sms_messages" USING btree ("operator_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_messages_dispatch_idx" ON "sms_messages" USING btree ("next_attempt_at") WHERE status = 'queued' and delivery = 'dispatcher';--> statement-breakpoint
CREATE INDEX "sms_messages_receipt_idx" ON "sms_messages" USING btree ("receipt_checked_at") WHERE status = 'sent';