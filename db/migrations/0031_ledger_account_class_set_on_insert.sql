-- An account's class is set once, by the insert trigger, instead of being a generated column
-- (docs/decisions/2026-12-06-ledger-statement-setup-costs.md). Runs on PostgreSQL 15 and on PGlite (17).
--
-- 0030 made `class` a stored generated column. Every UPDATE of ledger_accounts, each balance move
-- of the postings trigger included, then prepared the generation expression at executor start-up:
-- the planner inlines ledger_account_class (a SQL function) by parsing and analysing its body,
-- once per statement. perf on bench:ledger's single-entry path at 8 clients: 11% of the server's
-- CPU was that set-up (ExecInitStoredGenerated → eval_const_expressions → raw_parser). And because
-- the accounts have a BEFORE UPDATE row trigger (the guard), PostgreSQL 15 recomputes every
-- generated column of every updated row as well.
--
-- Same guarantee, cheaper: the BEFORE INSERT trigger (0002) sets the class from the code, whatever
-- the INSERT said; the guard refuses any later change of it, as of the code it derives from. Values
-- stay as 0030 computed them; ledger:check compares every account's class with its code's.
ALTER TABLE "ledger_accounts" ALTER COLUMN "class" DROP EXPRESSION;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_accounts_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.balance_rule = 'none' THEN
    NEW.posted_balance := NULL;
    NEW.pending_out := NULL;
  ELSE
    NEW.posted_balance := 0;
    NEW.pending_out := 0;
  END IF;
  NEW.class := ledger_account_class(NEW.code);
  RETURN NEW;
END
$$;
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ALTER COLUMN "class" SET NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_accounts_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.operator_id, NEW.code, NEW.type, NEW.currency, NEW.owner_user_id, NEW.balance_rule, NEW.created_at, NEW.class)
     IS DISTINCT FROM (OLD.id, OLD.operator_id, OLD.code, OLD.type, OLD.currency, OLD.owner_user_id, OLD.balance_rule, OLD.created_at, OLD.class) THEN
    RAISE EXCEPTION 'ledger: account % is immutable except for its stored balances', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger: stored balances of account % are maintained from postings and holds only', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER ledger_accounts_guard ON ledger_accounts;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW
  WHEN (pg_trigger_depth() < 1
        OR (NEW.id, NEW.operator_id, NEW.code, NEW.type, NEW.currency, NEW.owner_user_id, NEW.balance_rule, NEW.created_at, NEW.class)
           IS DISTINCT FROM (OLD.id, OLD.operator_id, OLD.code, OLD.type, OLD.currency, OLD.owner_user_id, OLD.balance_rule, OLD.created_at, OLD.class))
  EXECUTE FUNCTION ledger_accounts_before_update();
