CREATE TABLE "break_resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"date" text NOT NULL,
	"break_key" text NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"their_line_id" text,
	"our_item_id" text,
	"adjustment_id" uuid,
	"expected_date" text,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "break_resolutions_channel" CHECK ("break_resolutions"."channel" in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash')),
	CONSTRAINT "break_resolutions_kind" CHECK ("break_resolutions"."kind" in ('link', 'adjustment', 'timing')),
	CONSTRAINT "break_resolutions_note_length" CHECK (length(btrim("break_resolutions"."note")) between 2 and 500),
	CONSTRAINT "break_resolutions_kind_fields" CHECK (("break_resolutions"."kind" = 'link' and "break_resolutions"."their_line_id" is not null and "break_resolutions"."our_item_id" is not null)
        or ("break_resolutions"."kind" = 'adjustment' and "break_resolutions"."adjustment_id" is not null)
        or ("break_resolutions"."kind" = 'timing' and "break_resolutions"."expected_date" is not null))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"date" text NOT NULL,
	"break_key" text NOT NULL,
	"status" text NOT NULL,
	"tier" text,
	"their_line_ids" jsonb NOT NULL,
	"our_item_ids" jsonb NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"difference" numeric(20, 2) NOT NULL,
	"fee" numeric(20, 2) NOT NULL,
	"fee_entry_id" uuid,
	"age_days" integer NOT NULL,
	"details" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_results_channel" CHECK ("reconciliation_results"."channel" in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash')),
	CONSTRAINT "reconciliation_results_status" CHECK ("reconciliation_results"."status" in ('matched', 'missing_in_ours', 'missing_in_theirs', 'amount_differs', 'duplicate', 'ambiguous'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_sign_offs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"date" text NOT NULL,
	"signed_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_balance" numeric(20, 2) NOT NULL,
	"actual_balance" numeric(20, 2) NOT NULL,
	"matched_count" integer NOT NULL,
	"resolved_count" integer NOT NULL,
	CONSTRAINT "reconciliation_sign_offs_channel" CHECK ("reconciliation_sign_offs"."channel" in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash')),
	CONSTRAINT "reconciliation_sign_offs_balanced" CHECK ("reconciliation_sign_offs"."expected_balance" = "reconciliation_sign_offs"."actual_balance")
);
--> statement-breakpoint
CREATE TABLE "statement_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" "bytea" NOT NULL,
	"imported_by_user_id" uuid,
	"imported_by_system" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"line_count" integer NOT NULL,
	"total_amount" numeric(20, 2) NOT NULL,
	"total_fee" numeric(20, 2) NOT NULL,
	"first_date" text,
	"last_date" text,
	CONSTRAINT "statement_imports_source" CHECK ("statement_imports"."source" in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash')),
	CONSTRAINT "statement_imports_hash_format" CHECK ("statement_imports"."file_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "statement_imports_by_one" CHECK (("statement_imports"."imported_by_user_id" is null) <> ("statement_imports"."imported_by_system" is null))
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"source" text NOT NULL,
	"line_no" integer NOT NULL,
	"raw" text NOT NULL,
	"reference" text,
	"amount" numeric(20, 2) NOT NULL,
	"fee" numeric(20, 2),
	"date" text NOT NULL,
	"kind" text NOT NULL,
	"group_key" text,
	CONSTRAINT "statement_lines_source" CHECK ("statement_lines"."source" in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash'))
);
--> statement-breakpoint
ALTER TABLE "break_resolutions" ADD CONSTRAINT "break_resolutions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_resolutions" ADD CONSTRAINT "break_resolutions_adjustment_id_ledger_adjustments_id_fk" FOREIGN KEY ("adjustment_id") REFERENCES "public"."ledger_adjustments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_resolutions" ADD CONSTRAINT "break_resolutions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_results" ADD CONSTRAINT "reconciliation_results_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_results" ADD CONSTRAINT "reconciliation_results_fee_entry_id_ledger_entries_id_fk" FOREIGN KEY ("fee_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_sign_offs" ADD CONSTRAINT "reconciliation_sign_offs_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_sign_offs" ADD CONSTRAINT "reconciliation_sign_offs_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_imported_by_user_id_users_id_fk" FOREIGN KEY ("imported_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_import_id_statement_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."statement_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "break_resolutions_day_idx" ON "break_resolutions" USING btree ("operator_id","channel","date");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_results_day_key" ON "reconciliation_results" USING btree ("operator_id","channel","date","break_key");--> statement-breakpoint
CREATE INDEX "reconciliation_results_operator_date_idx" ON "reconciliation_results" USING btree ("operator_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_sign_offs_day_key" ON "reconciliation_sign_offs" USING btree ("operator_id","channel","date");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_imports_operator_source_hash_key" ON "statement_imports" USING btree ("operator_id","source","file_sha256");--> statement-breakpoint
CREATE INDEX "statement_imports_operator_imported_idx" ON "statement_imports" USING btree ("operator_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_lines_import_line_key" ON "statement_lines" USING btree ("import_id","line_no");--> statement-breakpoint
CREATE INDEX "statement_lines_operator_source_date_idx" ON "statement_lines" USING btree ("operator_id","source","date");--> statement-breakpoint
CREATE INDEX "statement_lines_reference_idx" ON "statement_lines" USING btree ("operator_id","reference");--> statement-breakpoint
CREATE FUNCTION reconciliation_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER statement_imports_append_only BEFORE UPDATE OR DELETE ON "statement_imports" FOR EACH ROW EXECUTE FUNCTION reconciliation_append_only();--> statement-breakpoint
CREATE TRIGGER statement_lines_append_only BEFORE UPDATE OR DELETE ON "statement_lines" FOR EACH ROW EXECUTE FUNCTION reconciliation_append_only();--> statement-breakpoint
CREATE TRIGGER break_resolutions_append_only BEFORE UPDATE OR DELETE ON "break_resolutions" FOR EACH ROW EXECUTE FUNCTION reconciliation_append_only();--> statement-breakpoint
CREATE TRIGGER reconciliation_sign_offs_append_only BEFORE UPDATE OR DELETE ON "reconciliation_sign_offs" FOR EACH ROW EXECUTE FUNCTION reconciliation_append_only();
