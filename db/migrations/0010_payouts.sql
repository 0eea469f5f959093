CREATE TYPE "public"."payout_kind" AS ENUM('withdrawal', 'disbursement');--> statement-breakpoint
CREATE TYPE "public"."payout_status" AS ENUM('approving', 'approved', 'instructed', 'paid', 'failed', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."loan_status" ADD VALUE 'disbursing' BEFORE 'disbursed';--> statement-breakpoint
ALTER TYPE "public"."withdrawal_status" ADD VALUE 'processing' BEFORE 'paid';--> statement-breakpoint
ALTER TYPE "public"."withdrawal_status" ADD VALUE 'failed';--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"kind" "payout_kind" NOT NULL,
	"withdrawal_id" uuid,
	"loan_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"beneficiary_user_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"payee_bank" text NOT NULL,
	"payee_account_masked" text NOT NULL,
	"payee_name" text NOT NULL,
	"status" "payout_status" NOT NULL,
	"approvals_required" integer NOT NULL,
	"first_approved_by" uuid NOT NULL,
	"first_approved_at" timestamp with time zone NOT NULL,
	"second_approved_by" uuid,
	"second_approved_at" timestamp with time zone,
	"instruction_file" text,
	"instruction_csv" text,
	"instructed_at" timestamp with time zone,
	"send_error" text,
	"send_attempts" integer DEFAULT 0 NOT NULL,
	"bank_status" text,
	"bank_message" text,
	"bank_reference" text,
	"settled_on" text,
	"result_file" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount" > 0),
	CONSTRAINT "payouts_kind_subject" CHECK (("payouts"."kind" = 'withdrawal' and "payouts"."withdrawal_id" is not null and "payouts"."loan_id" is null) or ("payouts"."kind" = 'disbursement' and "payouts"."loan_id" is not null and "payouts"."withdrawal_id" is null)),
	CONSTRAINT "payouts_approvals_required" CHECK ("payouts"."approvals_required" in (1, 2)),
	CONSTRAINT "payouts_approvers" CHECK ("payouts"."first_approved_by" <> "payouts"."beneficiary_user_id" and ("payouts"."second_approved_by" is null or ("payouts"."second_approved_by" <> "payouts"."first_approved_by" and "payouts"."second_approved_by" <> "payouts"."beneficiary_user_id"))),
	CONSTRAINT "payouts_status_consistent" CHECK (("payouts"."status" in ('approving', 'cancelled') and "payouts"."approvals_required" = 2 and "payouts"."second_approved_by" is null and "payouts"."instruction_file" is null)
        or ("payouts"."status" in ('approved', 'instructed', 'paid', 'failed') and "payouts"."instruction_file" is not null and "payouts"."instruction_csv" is not null
            and ("payouts"."approvals_required" = 1 or "payouts"."second_approved_by" is not null)
            and ("payouts"."status" not in ('paid', 'failed') or ("payouts"."bank_status" is not null and "payouts"."settled_on" is not null and "payouts"."resolved_at" is not null))))
);
--> statement-breakpoint
ALTER TABLE "withdrawals" DROP CONSTRAINT "withdrawals_status_consistent";--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_withdrawal_id_withdrawals_id_fk" FOREIGN KEY ("withdrawal_id") REFERENCES "public"."withdrawals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_beneficiary_user_id_users_id_fk" FOREIGN KEY ("beneficiary_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_first_approved_by_users_id_fk" FOREIGN KEY ("first_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_second_approved_by_users_id_fk" FOREIGN KEY ("second_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_withdrawal_key" ON "payouts" USING btree ("withdrawal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_loan_attempt_key" ON "payouts" USING btree ("loan_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_loan_live_key" ON "payouts" USING btree ("loan_id") WHERE "payouts"."loan_id" is not null and "payouts"."status" not in ('failed', 'cancelled');--> statement-breakpoint
CREATE INDEX "payouts_operator_status_idx" ON "payouts" USING btree ("operator_id","status","created_at");--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_status_consistent" CHECK (("withdrawals"."status"::text = 'requested' and "withdrawals"."decided_at" is null and "withdrawals"."payout_entry_id" is null)
        or ("withdrawals"."status"::text in ('processing', 'failed') and "withdrawals"."decided_at" is not null and "withdrawals"."payout_entry_id" is null)
        or ("withdrawals"."status"::text = 'paid' and "withdrawals"."decided_at" is not null and "withdrawals"."payout_entry_id" is not null and "withdrawals"."payout_reference" is not null)
        or ("withdrawals"."status"::text = 'rejected' and "withdrawals"."decided_at" is not null and "withdrawals"."payout_entry_id" is null and length(btrim(coalesce("withdrawals"."reject_reason", ''))) >= 2));