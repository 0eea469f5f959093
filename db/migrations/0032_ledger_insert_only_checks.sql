-- Less set-up per ledger statement, same checks (docs/decisions/2026-12-06-ledger-statement-setup-costs.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17); plpgsql only.
--
-- (a) The formats of an account's code and currency are checked once, when the account is opened,
--     by the insert trigger, and no longer by CHECK constraints. PostgreSQL reads every CHECK of a
--     table from its stored text, plans it and evaluates it on every row an UPDATE writes; both
--     columns never change (the accounts' guard), yet each balance move of the postings trigger
--     paid for two regular expressions per account. The trigger raises the same error
--     (check_violation, same constraint name) for the same rows.
-- (b) ledger_post_entry locks the entry's rule-carrying accounts and checks all its accounts in
--     one query instead of two: the locked rows (latest committed versions, in id order) are a
--     materialised CTE the check reads its balances from, as lockAccounts does for postEntries.
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_currency_format";
--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_code_format";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_accounts_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (NEW.currency ~ '^[A-Z]{3}$') THEN
    RAISE EXCEPTION 'new row for relation "ledger_accounts" violates check constraint "ledger_accounts_currency_format"'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_accounts_currency_format', TABLE = 'ledger_accounts';
  END IF;
  IF NOT (length(NEW.code) <= 200 AND NEW.code ~ '^[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)*$') THEN
    RAISE EXCEPTION 'new row for relation "ledger_accounts" violates check constraint "ledger_accounts_code_format"'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_accounts_code_format', TABLE = 'ledger_accounts';
  END IF;
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
CREATE OR REPLACE FUNCTION ledger_post_entry(
  p_id uuid, p_operator_id uuid, p_idempotency_key text, p_request_hash bytea, p_postings_hash bytea, p_currency text,
  p_amount numeric, p_kind text, p_memo text, p_cause_type ledger_cause_type, p_cause_id text, p_posted_by_user_id uuid,
  p_posted_by_system text, p_reverses_entry_id uuid, p_created_at timestamptz, p_accounts uuid[], p_amounts numeric[],
  OUT ok boolean, OUT inserted boolean, OUT accounts text
) LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  -- Locks first (the CTE is materialised, its rows locked in id order before the check reads
  -- them); the check then reads balances from the locked rows' current versions.
  WITH locked AS MATERIALIZED (
    SELECT l.id, l.posted_balance, l.pending_out FROM ledger_accounts l
     WHERE l.id = ANY (p_accounts) AND l.balance_rule <> 'none' ORDER BY l.id FOR NO KEY UPDATE
  )
  SELECT coalesce(bool_and(coalesce(
           a.operator_id = p_operator_id AND a.currency = p_currency
           AND (a.balance_rule = 'none'
                OR CASE WHEN a.type IN ('asset', 'expense') THEN r.amount ELSE -r.amount END >= 0
                OR l.posted_balance - l.pending_out + CASE WHEN a.type IN ('asset', 'expense') THEN r.amount ELSE -r.amount END >= 0),
           false)), false)
    INTO ok
    FROM unnest(p_accounts, p_amounts) AS r(account_id, amount)
    LEFT JOIN ledger_accounts a ON a.id = r.account_id
    LEFT JOIN locked l ON l.id = r.account_id;
  inserted := false;
  IF NOT ok THEN
    SELECT json_agg(json_build_object('id', r.account_id, 'operator_id', a.operator_id, 'code', a.code, 'type', a.type,
                    'currency', a.currency, 'balance_rule', a.balance_rule, 'posted_balance', a.posted_balance::text,
                    'pending_out', a.pending_out::text))::text
      INTO accounts
      FROM unnest(p_accounts) AS r(account_id) LEFT JOIN ledger_accounts a ON a.id = r.account_id;
    RETURN;
  END IF;
  INSERT INTO ledger_entries (id, operator_id, idempotency_key, request_hash, postings_hash, currency, amount, kind, memo,
                              cause_type, cause_id, posted_by_user_id, posted_by_system, reverses_entry_id, created_at)
  VALUES (p_id, p_operator_id, p_idempotency_key, p_request_hash, p_postings_hash, p_currency, p_amount, p_kind, p_memo,
          p_cause_type, p_cause_id, p_posted_by_user_id, p_posted_by_system, p_reverses_entry_id, p_created_at)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at)
  SELECT p_id, p_operator_id, r.account_id, p_currency, r.amount, p_created_at
    FROM unnest(p_accounts, p_amounts) AS r(account_id, amount);
  inserted := true;
END
$$;
