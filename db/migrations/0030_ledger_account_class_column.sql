-- An account's trial-balance class is kept with the account (docs/decisions/2026-12-06-stored-class-and-lists-at-scale.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17).
--
-- The day close groups every account that moved on a day by its class (0026's ledger_account_class:
-- three split_parts, a lower and a translate of the code). For a day of 100,000 repayments that is
-- 1.1 million evaluations, ~4 s of the day close's 15 s statement (bench:batch). A stored generated
-- column computes it once, when the account is opened; the database fills it, the application never
-- writes it, and an UPDATE of the balance does not recompute it (it depends only on the code, which
-- the accounts' guard never lets change). The drill-down index now reads the column instead of the
-- expression, so the class is still computed once per account.
DROP INDEX "ledger_accounts_class_code_idx";--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "class" text GENERATED ALWAYS AS (ledger_account_class(code)) STORED;--> statement-breakpoint
CREATE INDEX "ledger_accounts_class_code_idx" ON "ledger_accounts" USING btree ("operator_id","class","code" collate "C");
