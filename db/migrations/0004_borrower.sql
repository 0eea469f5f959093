CREATE TYPE "public"."application_channel" AS ENUM('self', 'store');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('draft', 'referred', 'in_review', 'pending_confirmation', 'approved', 'rejected', 'signed');--> statement-breakpoint
CREATE TYPE "public"."callback_outcome" AS ENUM('confirmed', 'not_reached', 'failed');--> statement-breakpoint
CREATE TYPE "public"."disbursement_channel" AS ENUM('passbook', 'store_cash', 'supplier');--> statement-breakpoint
CREATE TYPE "public"."installment_status" AS ENUM('scheduled', 'partial', 'paid');--> statement-breakpoint
CREATE TYPE "public"."repayment_channel" AS ENUM('passbook_debit', 'store_cash', 'phone_bill');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('approve', 'refer', 'reject');--> statement-breakpoint
CREATE TYPE "public"."risk_list" AS ENUM('black', 'red');--> statement-breakpoint
CREATE TYPE "public"."risk_list_kind" AS ENUM('id_number', 'phone', 'device');--> statement-breakpoint
CREATE TABLE "agreement_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"template_version" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"document_hash" text NOT NULL,
	"signer_user_id" uuid NOT NULL,
	"witness_user_id" uuid,
	"signed_at" timestamp with time zone NOT NULL,
	"ip" text NOT NULL,
	"user_agent" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"hit" boolean NOT NULL,
	"effect" "review_outcome",
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" uuid,
	"note" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "borrowing_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"subject" text NOT NULL,
	"phone" text NOT NULL,
	"code_hash" "bytea" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"request_ip" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "borrowing_settings" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"lpr_one_year" numeric(9, 6) NOT NULL,
	"legal_cap_multiple" numeric(6, 2) NOT NULL,
	"exposure_cap" numeric(20, 2) NOT NULL,
	"multi_app_window_days" integer NOT NULL,
	"multi_app_refer_count" integer NOT NULL,
	"multi_app_reject_count" integer NOT NULL,
	"checker_threshold" numeric(20, 2) NOT NULL,
	"min_tenure_months" integer NOT NULL,
	"refer_tenure_months" integer NOT NULL,
	"arrears_refer_cny" numeric(20, 2) NOT NULL,
	"arrears_reject_cny" numeric(20, 2) NOT NULL,
	"income_refer_ratio" numeric(9, 6) NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "borrowing_settings_rates" CHECK ("borrowing_settings"."lpr_one_year" > 0 and "borrowing_settings"."lpr_one_year" < 1 and "borrowing_settings"."legal_cap_multiple" > 0 and "borrowing_settings"."income_refer_ratio" > 0),
	CONSTRAINT "borrowing_settings_amounts" CHECK ("borrowing_settings"."exposure_cap" > 0 and "borrowing_settings"."checker_threshold" >= 0 and "borrowing_settings"."arrears_refer_cny" >= 0 and "borrowing_settings"."arrears_reject_cny" >= "borrowing_settings"."arrears_refer_cny"),
	CONSTRAINT "borrowing_settings_counts" CHECK ("borrowing_settings"."multi_app_window_days" between 1 and 365 and "borrowing_settings"."multi_app_refer_count" >= 1 and "borrowing_settings"."multi_app_reject_count" > "borrowing_settings"."multi_app_refer_count"
        and "borrowing_settings"."min_tenure_months" >= 0 and "borrowing_settings"."refer_tenure_months" >= "borrowing_settings"."min_tenure_months")
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"outcome" "callback_outcome",
	"note" text,
	"done_by_user_id" uuid,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "callback_tasks_application_key" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "loan_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"borrower_user_id" uuid NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"channel" "application_channel" NOT NULL,
	"intake_store_id" uuid,
	"status" "application_status" DEFAULT 'draft' NOT NULL,
	"amount" numeric(20, 2),
	"term_months" integer,
	"purpose" "loan_purpose",
	"purpose_note" text,
	"product_id" uuid,
	"full_name" text,
	"id_number_enc" "bytea",
	"id_number_hash" "bytea",
	"id_number_masked" text,
	"birth_date" text,
	"phone" text NOT NULL,
	"phone_verified_at" timestamp with time zone,
	"region" text,
	"village" text,
	"address" text,
	"disbursement_channel" "disbursement_channel",
	"passbook_bank" text,
	"passbook_account_enc" "bytea",
	"passbook_account_masked" text,
	"supplier_name" text,
	"supplier_account_enc" "bytea",
	"supplier_account_masked" text,
	"cash_store_id" uuid,
	"household_size" integer,
	"annual_income" numeric(20, 2),
	"income_source" text,
	"consent_at" timestamp with time zone,
	"device_id" text,
	"submitted_at" timestamp with time zone,
	"submitted_ip" text,
	"prelim_outcome" "review_outcome",
	"final_amount" numeric(20, 2),
	"final_product_id" uuid,
	"offer" jsonb,
	"proposed_by_user_id" uuid,
	"proposed_at" timestamp with time zone,
	"confirmed_by_user_id" uuid,
	"confirmed_at" timestamp with time zone,
	"reject_reasons" jsonb,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"repayment_channel" "repayment_channel",
	"repayment_store_id" uuid,
	"loan_id" uuid,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_applications_loan_key" UNIQUE("loan_id"),
	CONSTRAINT "loan_applications_four_eyes" CHECK ("loan_applications"."confirmed_by_user_id" is null or "loan_applications"."confirmed_by_user_id" <> "loan_applications"."proposed_by_user_id"),
	CONSTRAINT "loan_applications_amounts" CHECK (("loan_applications"."amount" is null or "loan_applications"."amount" > 0) and ("loan_applications"."final_amount" is null or "loan_applications"."final_amount" > 0) and ("loan_applications"."annual_income" is null or "loan_applications"."annual_income" >= 0)),
	CONSTRAINT "loan_applications_signed" CHECK (("loan_applications"."status" = 'signed') = ("loan_applications"."loan_id" is not null and "loan_applications"."signed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "loan_disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"channel" "disbursement_channel" NOT NULL,
	"store_id" uuid,
	"amount" numeric(20, 2) NOT NULL,
	"payee_masked" text,
	"entry_ids" jsonb NOT NULL,
	"disbursed_by_user_id" uuid NOT NULL,
	"disbursed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loan_disbursements_loan_key" UNIQUE("loan_id")
);
--> statement-breakpoint
CREATE TABLE "loan_installments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"due_date" text NOT NULL,
	"principal" numeric(20, 2) NOT NULL,
	"interest" numeric(20, 2) NOT NULL,
	"payment" numeric(20, 2) NOT NULL,
	"principal_paid" numeric(20, 2) DEFAULT '0' NOT NULL,
	"interest_paid" numeric(20, 2) DEFAULT '0' NOT NULL,
	"penalty_paid" numeric(20, 2) DEFAULT '0' NOT NULL,
	"status" "installment_status" DEFAULT 'scheduled' NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_installments_amounts" CHECK ("loan_installments"."principal" >= 0 and "loan_installments"."interest" >= 0 and "loan_installments"."payment" = "loan_installments"."principal" + "loan_installments"."interest"),
	CONSTRAINT "loan_installments_paid" CHECK ("loan_installments"."principal_paid" between 0 and "loan_installments"."principal" and "loan_installments"."interest_paid" between 0 and "loan_installments"."interest" and "loan_installments"."penalty_paid" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loan_repayment_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"channel" "repayment_channel" NOT NULL,
	"store_id" uuid,
	"entrustment_signature_id" uuid,
	"chosen_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_repayment_channels_debit_authorised" CHECK ("loan_repayment_channels"."channel" <> 'passbook_debit' or "loan_repayment_channels"."entrustment_signature_id" is not null),
	CONSTRAINT "loan_repayment_channels_store" CHECK ("loan_repayment_channels"."channel" <> 'store_cash' or "loan_repayment_channels"."store_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "risk_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"list" "risk_list" NOT NULL,
	"kind" "risk_list_kind" NOT NULL,
	"value_hash" "bytea" NOT NULL,
	"value_masked" text NOT NULL,
	"reason" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by_user_id" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_signer_user_id_users_id_fk" FOREIGN KEY ("signer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_witness_user_id_users_id_fk" FOREIGN KEY ("witness_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_checks" ADD CONSTRAINT "application_checks_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrowing_codes" ADD CONSTRAINT "borrowing_codes_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrowing_settings" ADD CONSTRAINT "borrowing_settings_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrowing_settings" ADD CONSTRAINT "borrowing_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_done_by_user_id_users_id_fk" FOREIGN KEY ("done_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_borrower_user_id_users_id_fk" FOREIGN KEY ("borrower_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_intake_store_id_stores_id_fk" FOREIGN KEY ("intake_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_cash_store_id_stores_id_fk" FOREIGN KEY ("cash_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_final_product_id_products_id_fk" FOREIGN KEY ("final_product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_repayment_store_id_stores_id_fk" FOREIGN KEY ("repayment_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_disbursements" ADD CONSTRAINT "loan_disbursements_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_disbursements" ADD CONSTRAINT "loan_disbursements_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_disbursements" ADD CONSTRAINT "loan_disbursements_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_disbursements" ADD CONSTRAINT "loan_disbursements_disbursed_by_user_id_users_id_fk" FOREIGN KEY ("disbursed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_installments" ADD CONSTRAINT "loan_installments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_installments" ADD CONSTRAINT "loan_installments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayment_channels" ADD CONSTRAINT "loan_repayment_channels_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayment_channels" ADD CONSTRAINT "loan_repayment_channels_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayment_channels" ADD CONSTRAINT "loan_repayment_channels_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayment_channels" ADD CONSTRAINT "loan_repayment_channels_entrustment_signature_id_agreement_signatures_id_fk" FOREIGN KEY ("entrustment_signature_id") REFERENCES "public"."agreement_signatures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayment_channels" ADD CONSTRAINT "loan_repayment_channels_chosen_by_user_id_users_id_fk" FOREIGN KEY ("chosen_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_list_entries" ADD CONSTRAINT "risk_list_entries_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_list_entries" ADD CONSTRAINT "risk_list_entries_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_list_entries" ADD CONSTRAINT "risk_list_entries_removed_by_user_id_users_id_fk" FOREIGN KEY ("removed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_signatures_application_kind_key" ON "agreement_signatures" USING btree ("application_id","kind");--> statement-breakpoint
CREATE INDEX "application_checks_application_idx" ON "application_checks" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "application_events_application_idx" ON "application_events" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE INDEX "borrowing_codes_subject_idx" ON "borrowing_codes" USING btree ("operator_id","purpose","subject","created_at");--> statement-breakpoint
CREATE INDEX "loan_applications_operator_status_idx" ON "loan_applications" USING btree ("operator_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "loan_applications_borrower_idx" ON "loan_applications" USING btree ("borrower_user_id","created_at");--> statement-breakpoint
CREATE INDEX "loan_applications_id_hash_idx" ON "loan_applications" USING btree ("id_number_hash","submitted_at");--> statement-breakpoint
CREATE INDEX "loan_applications_phone_idx" ON "loan_applications" USING btree ("phone","submitted_at");--> statement-breakpoint
CREATE INDEX "loan_applications_device_idx" ON "loan_applications" USING btree ("device_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_installments_loan_n_key" ON "loan_installments" USING btree ("loan_id","n");--> statement-breakpoint
CREATE INDEX "loan_installments_operator_due_idx" ON "loan_installments" USING btree ("operator_id","due_date");--> statement-breakpoint
CREATE INDEX "loan_repayment_channels_loan_idx" ON "loan_repayment_channels" USING btree ("loan_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_list_entries_active_key" ON "risk_list_entries" USING btree ("operator_id","list","kind","value_hash") WHERE "risk_list_entries"."active";--> statement-breakpoint
CREATE INDEX "risk_list_entries_lookup_idx" ON "risk_list_entries" USING btree ("operator_id","kind","value_hash");