CREATE TYPE "public"."collection_case_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."debit_instruction_status" AS ENUM('sent', 'succeeded', 'insufficient_funds', 'account_closed');--> statement-breakpoint
CREATE TYPE "public"."due_run_status" AS ENUM('running', 'done');--> statement-breakpoint
CREATE TYPE "public"."phonebill_deduction_status" AS ENUM('requested', 'confirmed', 'refused');--> statement-breakpoint
CREATE TYPE "public"."repayment_source" AS ENUM('passbook_debit', 'store_cash', 'phone_bill', 'wallet');--> statement-breakpoint
CREATE TABLE "collection_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"contact_channel" text,
	"contact_outcome" text,
	"note" text,
	"promise_amount" numeric(20, 2),
	"promise_date" text,
	"by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_activities_kind" CHECK ("collection_activities"."kind" in ('note', 'contact', 'promise')),
	CONSTRAINT "collection_activities_promise" CHECK ("collection_activities"."kind" <> 'promise' or ("collection_activities"."promise_amount" > 0 and "collection_activities"."promise_date" is not null))
);
--> statement-breakpoint
CREATE TABLE "collection_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"borrower_user_id" uuid NOT NULL,
	"status" "collection_case_status" DEFAULT 'open' NOT NULL,
	"bucket" text NOT NULL,
	"assigned_to_user_id" uuid,
	"assigned_at" timestamp with time zone,
	"overdue_at_open" numeric(20, 2) NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_reason" text
);
--> statement-breakpoint
CREATE TABLE "due_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"run_date" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "due_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"run_date" text NOT NULL,
	"status" "due_run_status" DEFAULT 'running' NOT NULL,
	"step" text NOT NULL,
	"progress" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "loan_delinquency" (
	"loan_id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"overdue_since" text,
	"days_past_due" integer DEFAULT 0 NOT NULL,
	"bucket" text DEFAULT 'current' NOT NULL,
	"overdue_principal" numeric(20, 2) DEFAULT '0' NOT NULL,
	"overdue_total" numeric(20, 2) DEFAULT '0' NOT NULL,
	"as_of" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_delinquency_bucket" CHECK ("loan_delinquency"."bucket" in ('current', '1-30', '31-60', '61-90', '90+'))
);
--> statement-breakpoint
CREATE TABLE "passbook_debit_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"batch_date" text NOT NULL,
	"batch_no" integer NOT NULL,
	"file_name" text NOT NULL,
	"file_csv" text NOT NULL,
	"instruction_count" integer NOT NULL,
	"total_amount" numeric(20, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "passbook_debit_instructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"loan_id" uuid NOT NULL,
	"installment_n" integer NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"attempt" integer NOT NULL,
	"status" "debit_instruction_status" DEFAULT 'sent' NOT NULL,
	"debited_amount" numeric(20, 2),
	"settled_on" text,
	"bank_message" text,
	"repayment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "passbook_debit_instructions_amount_positive" CHECK ("passbook_debit_instructions"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "phonebill_deductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"loan_id" uuid NOT NULL,
	"installment_n" integer NOT NULL,
	"phone" text NOT NULL,
	"requested_amount" numeric(20, 2) NOT NULL,
	"status" "phonebill_deduction_status" DEFAULT 'requested' NOT NULL,
	"deducted_amount" numeric(20, 2),
	"refusal_reason" text,
	"repayment_id" uuid,
	"settlement_id" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "phonebill_deductions_amounts" CHECK ("phonebill_deductions"."requested_amount" > 0 and ("phonebill_deductions"."deducted_amount" is null or "phonebill_deductions"."deducted_amount" between 0 and "phonebill_deductions"."requested_amount"))
);
--> statement-breakpoint
CREATE TABLE "repayment_settings" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"allocation_order" jsonb NOT NULL,
	"penalty_to_platform" boolean NOT NULL,
	"reminder_days_before" jsonb NOT NULL,
	"passbook_retry_days_after_due" jsonb NOT NULL,
	"contact_hour_start" integer NOT NULL,
	"contact_hour_end" integer NOT NULL,
	"contacts_per_borrower_per_day" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"source" "repayment_source" NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"penalty" numeric(20, 2) NOT NULL,
	"interest" numeric(20, 2) NOT NULL,
	"principal" numeric(20, 2) NOT NULL,
	"overpayment" numeric(20, 2) NOT NULL,
	"service_fee" numeric(20, 2) NOT NULL,
	"platform_penalty" numeric(20, 2) NOT NULL,
	"weights" jsonb NOT NULL,
	"installment_parts" jsonb NOT NULL,
	"entry_ids" jsonb NOT NULL,
	"store_id" uuid,
	"received_by_user_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repayments_kind" CHECK ("repayments"."kind" in ('installment', 'payoff')),
	CONSTRAINT "repayments_allocation_sums" CHECK ("repayments"."amount" > 0 and "repayments"."amount" = "repayments"."penalty" + "repayments"."interest" + "repayments"."principal" + "repayments"."overpayment"
        and "repayments"."penalty" >= 0 and "repayments"."interest" >= 0 and "repayments"."principal" >= 0 and "repayments"."overpayment" >= 0
        and "repayments"."service_fee" between 0 and "repayments"."interest" and "repayments"."platform_penalty" between 0 and "repayments"."penalty")
);
--> statement-breakpoint
CREATE TABLE "sandbox_bank_passbooks" (
	"operator_id" uuid NOT NULL,
	"account_no" text NOT NULL,
	"balance" numeric(20, 2) NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	CONSTRAINT "sandbox_bank_passbooks_operator_id_account_no_pk" PRIMARY KEY("operator_id","account_no")
);
--> statement-breakpoint
CREATE TABLE "settlement_certificates" (
	"loan_id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"certificate_no" text NOT NULL,
	"total_principal" numeric(20, 2) NOT NULL,
	"total_interest" numeric(20, 2) NOT NULL,
	"total_penalty" numeric(20, 2) NOT NULL,
	"settled_on" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_certificates_no_key" UNIQUE("certificate_no")
);
--> statement-breakpoint
CREATE TABLE "store_cash_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"business_date" text NOT NULL,
	"repayment_count" integer NOT NULL,
	"repayment_total" numeric(20, 2) NOT NULL,
	"top_up_count" integer NOT NULL,
	"top_up_total" numeric(20, 2) NOT NULL,
	"entry_id" uuid,
	"closed_by_user_id" uuid NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_installments" DROP CONSTRAINT "loan_installments_paid";--> statement-breakpoint
ALTER TABLE "loan_installments" ADD COLUMN "penalty_accrued" numeric(20, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "loan_installments" ADD COLUMN "penalty_accrued_through" text;--> statement-breakpoint
ALTER TABLE "loan_installments" ADD COLUMN "interest_waived" numeric(20, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "collection_activities" ADD CONSTRAINT "collection_activities_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_activities" ADD CONSTRAINT "collection_activities_case_id_collection_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."collection_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_activities" ADD CONSTRAINT "collection_activities_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_cases" ADD CONSTRAINT "collection_cases_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_cases" ADD CONSTRAINT "collection_cases_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_cases" ADD CONSTRAINT "collection_cases_borrower_user_id_users_id_fk" FOREIGN KEY ("borrower_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_cases" ADD CONSTRAINT "collection_cases_assigned_to_user_id_users_id_fk" FOREIGN KEY ("assigned_to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_actions" ADD CONSTRAINT "due_actions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_runs" ADD CONSTRAINT "due_runs_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_delinquency" ADD CONSTRAINT "loan_delinquency_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_delinquency" ADD CONSTRAINT "loan_delinquency_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passbook_debit_batches" ADD CONSTRAINT "passbook_debit_batches_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD CONSTRAINT "passbook_debit_instructions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD CONSTRAINT "passbook_debit_instructions_batch_id_passbook_debit_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."passbook_debit_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD CONSTRAINT "passbook_debit_instructions_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD CONSTRAINT "passbook_debit_instructions_repayment_id_repayments_id_fk" FOREIGN KEY ("repayment_id") REFERENCES "public"."repayments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD CONSTRAINT "phonebill_deductions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD CONSTRAINT "phonebill_deductions_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD CONSTRAINT "phonebill_deductions_repayment_id_repayments_id_fk" FOREIGN KEY ("repayment_id") REFERENCES "public"."repayments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayment_settings" ADD CONSTRAINT "repayment_settings_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_received_by_user_id_users_id_fk" FOREIGN KEY ("received_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_bank_passbooks" ADD CONSTRAINT "sandbox_bank_passbooks_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_certificates" ADD CONSTRAINT "settlement_certificates_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_certificates" ADD CONSTRAINT "settlement_certificates_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_ups" ADD CONSTRAINT "store_cash_ups_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_ups" ADD CONSTRAINT "store_cash_ups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_ups" ADD CONSTRAINT "store_cash_ups_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_cash_ups" ADD CONSTRAINT "store_cash_ups_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_activities_case_idx" ON "collection_activities" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_cases_one_open_per_loan" ON "collection_cases" USING btree ("loan_id") WHERE "collection_cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX "collection_cases_assignee_idx" ON "collection_cases" USING btree ("assigned_to_user_id","status");--> statement-breakpoint
CREATE INDEX "collection_cases_operator_idx" ON "collection_cases" USING btree ("operator_id","status","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "due_actions_kind_reference_key" ON "due_actions" USING btree ("operator_id","kind","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "due_runs_operator_date_key" ON "due_runs" USING btree ("operator_id","run_date");--> statement-breakpoint
CREATE INDEX "loan_delinquency_operator_bucket_idx" ON "loan_delinquency" USING btree ("operator_id","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "passbook_debit_batches_operator_date_no_key" ON "passbook_debit_batches" USING btree ("operator_id","batch_date","batch_no");--> statement-breakpoint
CREATE UNIQUE INDEX "passbook_debit_instructions_reference_key" ON "passbook_debit_instructions" USING btree ("operator_id","reference");--> statement-breakpoint
CREATE INDEX "passbook_debit_instructions_loan_idx" ON "passbook_debit_instructions" USING btree ("loan_id","installment_n");--> statement-breakpoint
CREATE UNIQUE INDEX "phonebill_deductions_request_key" ON "phonebill_deductions" USING btree ("operator_id","request_id");--> statement-breakpoint
CREATE INDEX "phonebill_deductions_loan_idx" ON "phonebill_deductions" USING btree ("loan_id","installment_n");--> statement-breakpoint
CREATE INDEX "phonebill_deductions_status_idx" ON "phonebill_deductions" USING btree ("operator_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "repayments_source_reference_key" ON "repayments" USING btree ("operator_id","source","reference");--> statement-breakpoint
CREATE INDEX "repayments_loan_idx" ON "repayments" USING btree ("loan_id","received_at");--> statement-breakpoint
CREATE INDEX "repayments_store_idx" ON "repayments" USING btree ("store_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "store_cash_ups_store_date_key" ON "store_cash_ups" USING btree ("store_id","business_date");--> statement-breakpoint
ALTER TABLE "loan_installments" ADD CONSTRAINT "loan_installments_paid" CHECK ("loan_installments"."principal_paid" between 0 and "loan_installments"."principal" and "loan_installments"."interest_paid" >= 0 and "loan_installments"."interest_waived" >= 0 and "loan_installments"."interest_paid" + "loan_installments"."interest_waived" <= "loan_installments"."interest" and "loan_installments"."penalty_paid" between 0 and "loan_installments"."penalty_accrued");