CREATE TYPE "public"."ledger_account_type" AS ENUM('asset', 'liability', 'revenue', 'expense', 'equity');--> statement-breakpoint
CREATE TYPE "public"."ledger_balance_rule" AS ENUM('none', 'no_negative');--> statement-breakpoint
CREATE TYPE "public"."ledger_cause_type" AS ENUM('loan', 'investment', 'repayment', 'top_up', 'withdrawal', 'statement_line', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."ledger_hold_status" AS ENUM('pending', 'posted', 'voided');--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"type" "ledger_account_type" NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"owner_user_id" uuid,
	"balance_rule" "ledger_balance_rule" DEFAULT 'none' NOT NULL,
	"posted_balance" numeric(20, 2),
	"pending_out" numeric(20, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_currency_format" CHECK ("ledger_accounts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ledger_accounts_code_format" CHECK (length("ledger_accounts"."code") <= 200 and "ledger_accounts"."code" ~ '^[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)*$'),
	CONSTRAINT "ledger_accounts_stored_balance" CHECK (("ledger_accounts"."balance_rule" = 'none' and "ledger_accounts"."posted_balance" is null and "ledger_accounts"."pending_out" is null)
        or ("ledger_accounts"."balance_rule" <> 'none' and "ledger_accounts"."posted_balance" is not null and "ledger_accounts"."pending_out" is not null)),
	CONSTRAINT "ledger_accounts_pending_out_nonnegative" CHECK ("ledger_accounts"."pending_out" >= 0),
	CONSTRAINT "ledger_accounts_no_negative" CHECK ("ledger_accounts"."balance_rule" <> 'no_negative' or "ledger_accounts"."posted_balance" - "ledger_accounts"."pending_out" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" "bytea" NOT NULL,
	"postings_hash" "bytea" NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"kind" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"cause_type" "ledger_cause_type" NOT NULL,
	"cause_id" text,
	"posted_by_user_id" uuid,
	"posted_by_system" text,
	"reverses_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_key_length" CHECK (length("ledger_entries"."idempotency_key") between 1 and 200),
	CONSTRAINT "ledger_entries_kind_format" CHECK ("ledger_entries"."kind" ~ '^[a-z][a-z0-9_.]{0,63}$'),
	CONSTRAINT "ledger_entries_memo_length" CHECK (length("ledger_entries"."memo") <= 500),
	CONSTRAINT "ledger_entries_posted_by_one" CHECK (("ledger_entries"."posted_by_user_id" is null) <> ("ledger_entries"."posted_by_system" is null)),
	CONSTRAINT "ledger_entries_not_self_reversal" CHECK ("ledger_entries"."reverses_entry_id" <> "ledger_entries"."id"),
	CONSTRAINT "ledger_entries_amount_positive" CHECK ("ledger_entries"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" "bytea" NOT NULL,
	"currency" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"kind" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"cause_type" "ledger_cause_type" NOT NULL,
	"cause_id" text,
	"placed_by_user_id" uuid,
	"placed_by_system" text,
	"status" "ledger_hold_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_user_id" uuid,
	"resolved_by_system" text,
	"posted_entry_id" uuid,
	"posted_amount" numeric(20, 2),
	CONSTRAINT "ledger_holds_posted_entry_key" UNIQUE("posted_entry_id"),
	CONSTRAINT "ledger_holds_distinct_accounts" CHECK ("ledger_holds"."debit_account_id" <> "ledger_holds"."credit_account_id"),
	CONSTRAINT "ledger_holds_amount_positive" CHECK ("ledger_holds"."amount" > 0),
	CONSTRAINT "ledger_holds_key_length" CHECK (length("ledger_holds"."idempotency_key") between 1 and 200),
	CONSTRAINT "ledger_holds_kind_format" CHECK ("ledger_holds"."kind" ~ '^[a-z][a-z0-9_.]{0,63}$'),
	CONSTRAINT "ledger_holds_memo_length" CHECK (length("ledger_holds"."memo") <= 500),
	CONSTRAINT "ledger_holds_placed_by_one" CHECK (("ledger_holds"."placed_by_user_id" is null) <> ("ledger_holds"."placed_by_system" is null)),
	CONSTRAINT "ledger_holds_status_consistent" CHECK (("ledger_holds"."status" = 'pending' and "ledger_holds"."resolved_at" is null and "ledger_holds"."posted_entry_id" is null and "ledger_holds"."posted_amount" is null
            and "ledger_holds"."resolved_by_user_id" is null and "ledger_holds"."resolved_by_system" is null)
        or ("ledger_holds"."status" = 'posted' and "ledger_holds"."resolved_at" is not null and "ledger_holds"."posted_entry_id" is not null
            and "ledger_holds"."posted_amount" > 0 and "ledger_holds"."posted_amount" <= "ledger_holds"."amount"
            and ("ledger_holds"."resolved_by_user_id" is null) <> ("ledger_holds"."resolved_by_system" is null))
        or ("ledger_holds"."status" = 'voided' and "ledger_holds"."resolved_at" is not null and "ledger_holds"."posted_entry_id" is null and "ledger_holds"."posted_amount" is null
            and ("ledger_holds"."resolved_by_user_id" is null) <> ("ledger_holds"."resolved_by_system" is null)))
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_postings_amount_nonzero" CHECK ("ledger_postings"."amount" <> 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_posted_by_user_id_users_id_fk" FOREIGN KEY ("posted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reverses_entry_id_ledger_entries_id_fk" FOREIGN KEY ("reverses_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_placed_by_user_id_users_id_fk" FOREIGN KEY ("placed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_posted_entry_id_ledger_entries_id_fk" FOREIGN KEY ("posted_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_operator_code_key" ON "ledger_accounts" USING btree ("operator_id","code");--> statement-breakpoint
CREATE INDEX "ledger_accounts_owner_idx" ON "ledger_accounts" USING btree ("owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_operator_key_key" ON "ledger_entries" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_reverses_key" ON "ledger_entries" USING btree ("reverses_entry_id") WHERE "ledger_entries"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entries_operator_created_idx" ON "ledger_entries" USING btree ("operator_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_operator_cause_idx" ON "ledger_entries" USING btree ("operator_id","cause_type","cause_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_holds_operator_key_key" ON "ledger_holds" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_holds_debit_account_idx" ON "ledger_holds" USING btree ("debit_account_id");--> statement-breakpoint
CREATE INDEX "ledger_holds_credit_account_idx" ON "ledger_holds" USING btree ("credit_account_id");--> statement-breakpoint
CREATE INDEX "ledger_holds_operator_status_idx" ON "ledger_holds" USING btree ("operator_id","status","created_at");--> statement-breakpoint
CREATE INDEX "ledger_postings_entry_idx" ON "ledger_postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "ledger_postings_account_created_idx" ON "ledger_postings" USING btree ("account_id","created_at","id");