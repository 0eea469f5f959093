CREATE TYPE "public"."adjustment_status" AS ENUM('proposed', 'approved', 'rejected');--> statement-breakpoint
CREATE TABLE "ledger_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"status" "adjustment_status" DEFAULT 'proposed' NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"proposed_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"entry_id" uuid,
	CONSTRAINT "ledger_adjustments_entry_key" UNIQUE("entry_id"),
	CONSTRAINT "ledger_adjustments_reason_length" CHECK (length(btrim("ledger_adjustments"."reason")) between 4 and 500),
	CONSTRAINT "ledger_adjustments_four_eyes" CHECK ("ledger_adjustments"."decided_by_user_id" is null or "ledger_adjustments"."decided_by_user_id" <> "ledger_adjustments"."proposed_by_user_id"),
	CONSTRAINT "ledger_adjustments_status_consistent" CHECK (("ledger_adjustments"."status" = 'proposed' and "ledger_adjustments"."decided_by_user_id" is null and "ledger_adjustments"."decided_at" is null and "ledger_adjustments"."entry_id" is null)
        or ("ledger_adjustments"."status" = 'approved' and "ledger_adjustments"."decided_by_user_id" is not null and "ledger_adjustments"."decided_at" is not null and "ledger_adjustments"."entry_id" is not null)
        or ("ledger_adjustments"."status" = 'rejected' and "ledger_adjustments"."decided_by_user_id" is not null and "ledger_adjustments"."decided_at" is not null and "ledger_adjustments"."entry_id" is null))
);
--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_adjustments_operator_status_idx" ON "ledger_adjustments" USING btree ("operator_id","status","created_at");