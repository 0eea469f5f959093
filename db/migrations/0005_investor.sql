CREATE TYPE "public"."card_top_up_status" AS ENUM('open', 'succeeded', 'failed', 'expired', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."risk_grade" AS ENUM('conservative', 'balanced', 'aggressive');--> statement-breakpoint
CREATE TYPE "public"."withdrawal_status" AS ENUM('requested', 'paid', 'rejected');--> statement-breakpoint
CREATE TABLE "agreement_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"agreement_code" text NOT NULL,
	"agreement_version" text NOT NULL,
	"text_hash" text NOT NULL,
	"client_ip" text,
	"consented_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card_top_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"status" "card_top_up_status" DEFAULT 'open' NOT NULL,
	"idempotency_key" text NOT NULL,
	"checkout_session_id" text,
	"checkout_url" text,
	"payment_intent_id" text,
	"credit_entry_id" uuid,
	"refunded_amount" numeric(20, 2) DEFAULT '0' NOT NULL,
	"failure_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_top_ups_checkout_session_key" UNIQUE("checkout_session_id"),
	CONSTRAINT "card_top_ups_payment_intent_key" UNIQUE("payment_intent_id"),
	CONSTRAINT "card_top_ups_amount_positive" CHECK ("card_top_ups"."amount" > 0),
	CONSTRAINT "card_top_ups_refund_within_amount" CHECK ("card_top_ups"."refunded_amount" >= 0 and "card_top_ups"."refunded_amount" <= "card_top_ups"."amount")
);
--> statement-breakpoint
CREATE TABLE "investor_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"legal_name" text NOT NULL,
	"id_number_encrypted" "bytea" NOT NULL,
	"id_number_index" "bytea" NOT NULL,
	"id_number_masked" text NOT NULL,
	"bank_code" text NOT NULL,
	"bank_card_encrypted" "bytea" NOT NULL,
	"bank_card_masked" text NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investor_profiles_name_length" CHECK (length(btrim("investor_profiles"."legal_name")) between 2 and 40)
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"questionnaire_version" text NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"grade" "risk_grade" NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_assessments_expiry" CHECK ("risk_assessments"."expires_at" > "risk_assessments"."assessed_at")
);
--> statement-breakpoint
CREATE TABLE "store_cash_top_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"clerk_user_id" uuid NOT NULL,
	"investor_user_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"receipt_no" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_cash_top_ups_amount_positive" CHECK ("store_cash_top_ups"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"operator_id" uuid,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "withdrawals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"status" "withdrawal_status" DEFAULT 'requested' NOT NULL,
	"hold_id" uuid NOT NULL,
	"bank_code" text NOT NULL,
	"bank_card_masked" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"payout_adapter" text,
	"payout_reference" text,
	"payout_entry_id" uuid,
	CONSTRAINT "withdrawals_hold_key" UNIQUE("hold_id"),
	CONSTRAINT "withdrawals_amount_positive" CHECK ("withdrawals"."amount" > 0),
	CONSTRAINT "withdrawals_status_consistent" CHECK (("withdrawals"."status" = 'requested' and "withdrawals"."decided_at" is null and "withdrawals"."payout_entry_id" is null)
        or ("withdrawals"."status" = 'paid' and "withdrawals"."decided_at" is not null and "withdrawals"."payout_entry_id" is not null and "withdrawals"."payout_reference" is not null)
        or ("withdrawals"."status" = 'rejected' and "withdrawals"."decided_at" is not null and "withdrawals"."payout_entry_id" is null and length(btrim(coalesce("withdrawals"."reject_reason", ''))) >= 2)),
	CONSTRAINT "withdrawals_not_own" CHECK ("withdrawals"."decided_by_user_id" is null or "withdrawals"."decided_by_user_id" <> "withdrawals"."user_id")
);
--> statement-breakpoint
ALTER TABLE "agreement_consents" ADD CONSTRAINT "agreement_consents_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_consents" ADD CONSTRAINT "agreement_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD CONSTRAINT "card_top_ups_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD CONSTRAINT "card_top_ups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD CONSTRAINT "card_top_ups_credit_entry_id_ledger_entries_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investor_profiles" ADD CONSTRAINT "investor_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investor_profiles" ADD CONSTRAINT "investor_profiles_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_top_ups" ADD CONSTRAINT "store_cash_top_ups_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_top_ups" ADD CONSTRAINT "store_cash_top_ups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_top_ups" ADD CONSTRAINT "store_cash_top_ups_clerk_user_id_users_id_fk" FOREIGN KEY ("clerk_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_top_ups" ADD CONSTRAINT "store_cash_top_ups_investor_user_id_users_id_fk" FOREIGN KEY ("investor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_top_ups" ADD CONSTRAINT "store_cash_top_ups_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_hold_id_ledger_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."ledger_holds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_payout_entry_id_ledger_entries_id_fk" FOREIGN KEY ("payout_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_consents_user_version_key" ON "agreement_consents" USING btree ("user_id","agreement_code","agreement_version");--> statement-breakpoint
CREATE UNIQUE INDEX "card_top_ups_operator_key_key" ON "card_top_ups" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "card_top_ups_user_idx" ON "card_top_ups" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "investor_profiles_operator_id_number_key" ON "investor_profiles" USING btree ("operator_id","id_number_index");--> statement-breakpoint
CREATE INDEX "risk_assessments_user_idx" ON "risk_assessments" USING btree ("user_id","assessed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "store_cash_top_ups_operator_key_key" ON "store_cash_top_ups" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "store_cash_top_ups_store_receipt_key" ON "store_cash_top_ups" USING btree ("store_id","receipt_no");--> statement-breakpoint
CREATE INDEX "store_cash_top_ups_investor_idx" ON "store_cash_top_ups" USING btree ("investor_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_operator_key_key" ON "withdrawals" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "withdrawals_user_idx" ON "withdrawals" USING btree ("user_id","requested_at");--> statement-breakpoint
CREATE INDEX "withdrawals_operator_status_idx" ON "withdrawals" USING btree ("operator_id","status","requested_at");