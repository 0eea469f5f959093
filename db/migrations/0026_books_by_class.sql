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
-- An account's class (docs/decisions/2026-12-05-books-by-class.md): its code up to the first
-- id segment (a uuid), so every investor's wallet is `wallet:available`, every claim `claim`,
-- every store's clearing `clearing:store`; a code without ids is its own class.
CREATE FUNCTION ledger_account_class(code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(code, ':[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(:.*)?$', '')
$$;
--> statement-breakpoint
-- The class rows are written by the day close beside the balance snapshots: rebuild every
-- operator's snapshots (and with them the class rows) at the next day close. Readers fall back
-- to summing postings until then.
UPDATE ledger_snapshot_horizons SET snapshots_through = NULL, updated_at = now();
