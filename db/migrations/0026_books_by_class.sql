-- An account's class (docs/decisions/2026-12-05-books-by-class.md): its code up to its first id
-- segment (a uuid: 8-4-4-4-12 hex digits), looked for in segments 2 to 4 (the chart's codes
-- have at most three), so every investor's wallet is `wallet:available`, every claim `claim`,
-- every store's clearing `clearing:store`; a code without ids is its own class. Plain string
-- functions, no regular expression: it runs for every account that moved on a day at day close.
-- The helper is schema-qualified: PostgreSQL 17 plans index expressions under a safe search_path.
CREATE FUNCTION ledger_code_segment_is_id(s text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT length(s) = 36 AND translate(lower(s), '0123456789abcdef', '') = '----'
     AND substr(s, 9, 1) = '-' AND substr(s, 14, 1) = '-' AND substr(s, 19, 1) = '-' AND substr(s, 24, 1) = '-'
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_account_class(code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN public.ledger_code_segment_is_id(split_part(code, ':', 2)) THEN split_part(code, ':', 1)
    WHEN public.ledger_code_segment_is_id(split_part(code, ':', 3)) THEN split_part(code, ':', 1) || ':' || split_part(code, ':', 2)
    WHEN public.ledger_code_segment_is_id(split_part(code, ':', 4)) THEN split_part(code, ':', 1) || ':' || split_part(code, ':', 2) || ':' || split_part(code, ':', 3)
    ELSE code END
$$;
--> statement-breakpoint
CREATE TABLE "disclosure_month_figures" (
	"operator_id" uuid NOT NULL,
	"month" text NOT NULL,
	"as_of_day" date NOT NULL,
	"outstanding_principal" numeric(20, 2) NOT NULL,
	"outstanding_loans" integer NOT NULL,
	"current_borrowers" integer NOT NULL,
	"top10_principal" numeric(20, 2) NOT NULL,
	"largest_principal" numeric(20, 2) NOT NULL,
	"cumulative_lenders" integer NOT NULL,
	"current_lenders" integer NOT NULL,
	"facts" jsonb NOT NULL,
	CONSTRAINT "disclosure_month_figures_operator_id_month_pk" PRIMARY KEY("operator_id","month")
);
--> statement-breakpoint
CREATE TABLE "ledger_class_balances" (
	"operator_id" uuid NOT NULL,
	"day" date NOT NULL,
	"class" text NOT NULL,
	"type" "ledger_account_type" NOT NULL,
	"debit" numeric(20, 2) NOT NULL,
	"credit" numeric(20, 2) NOT NULL,
	"accounts" integer NOT NULL,
	CONSTRAINT "ledger_class_balances_operator_id_day_class_type_pk" PRIMARY KEY("operator_id","day","class","type"),
	CONSTRAINT "ledger_class_balances_nonnegative" CHECK ("ledger_class_balances"."debit" >= 0 and "ledger_class_balances"."credit" >= 0 and "ledger_class_balances"."accounts" >= 0)
);
--> statement-breakpoint
CREATE INDEX "ledger_accounts_class_code_idx" ON "ledger_accounts" USING btree ("operator_id",ledger_account_class("code"),"code" collate "C");--> statement-breakpoint
-- The class rows are written by the day close beside the balance snapshots: rebuild every
-- operator's snapshots (and with them the class rows) at the next day close. Readers fall back
-- to summing postings until then.
UPDATE ledger_snapshot_horizons SET snapshots_through = NULL, updated_at = now();
