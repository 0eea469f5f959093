-- Faster ledger writes with the same guarantees (docs/decisions/2026-12-04-ledger-batch-path.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17); plpgsql only.
--
-- (a) ledger_post_entry: one entry in one call (postEntry, reverseEntry). It locks the
--     entry's rule-carrying accounts in id order (FOR NO KEY UPDATE), checks operator,
--     currency and the no-negative rule against the locked balances and, only if all hold,
--     inserts the entry and (one statement) its postings. A refusal raises nothing, so a
--     caller's transaction stays usable: it gets back what the function saw of the
--     accounts. The triggers of 0002 and 0015 still run on its inserts: it is a faster
--     caller, not a way around them.
-- (b) The postings trigger moves stored balances with one UPDATE per INSERT statement
--     (arrays in account-id order, joined on the primary key) instead of one UPDATE per
--     account from a loop; a batch of thousands of postings paid a statement per account.
--     0015's reopening of sealed days moves into the same trigger (one trigger call and
--     one pass over the transition table per statement instead of two).
-- (c) The accounts' guard runs its function only when an UPDATE could be refused (an
--     UPDATE that is not a ledger trigger's, or one that touches identity columns);
--     the balance updates of (b) no longer call plpgsql per row.

CREATE FUNCTION ledger_post_entry(
  p_id uuid, p_operator_id uuid, p_idempotency_key text, p_request_hash bytea, p_postings_hash bytea, p_currency text,
  p_amount numeric, p_kind text, p_memo text, p_cause_type ledger_cause_type, p_cause_id text, p_posted_by_user_id uuid,
  p_posted_by_system text, p_reverses_entry_id uuid, p_created_at timestamptz, p_accounts uuid[], p_amounts numeric[],
  OUT ok boolean, OUT inserted boolean, OUT accounts text
) LANGUAGE plpgsql AS $$
BEGIN
  -- Locks first, in id order; the check below then reads the locked rows' current versions.
  PERFORM 1 FROM ledger_accounts WHERE id = ANY (p_accounts) AND balance_rule <> 'none' ORDER BY id FOR NO KEY UPDATE;
  SELECT coalesce(bool_and(coalesce(
           a.operator_id = p_operator_id AND a.currency = p_currency
           AND (a.balance_rule = 'none'
                OR CASE WHEN a.type IN ('asset', 'expense') THEN r.amount ELSE -r.amount END >= 0
                OR a.posted_balance - a.pending_out + CASE WHEN a.type IN ('asset', 'expense') THEN r.amount ELSE -r.amount END >= 0),
           false)), false)
    INTO ok
    FROM unnest(p_accounts, p_amounts) AS r(account_id, amount) LEFT JOIN ledger_accounts a ON a.id = r.account_id;
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
--> statement-breakpoint

-- As in 0002 and 0015, in one trigger and fewer queries: the accounts are checked and the
-- rule-carrying ones' net movements gathered in one pass over the postings (a primary-key
-- lookup per posting), the stored balances move with one UPDATE for the whole statement,
-- and the reopening of sealed snapshot days (0015's separate trigger) runs here too. The
-- arrays are in account-id order and the joins are kept on the primary key (no hash or
-- merge join: a batch must never scan every account), so rows are updated in id order.
CREATE OR REPLACE FUNCTION ledger_postings_after_insert() RETURNS trigger LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  offending uuid;
  ids uuid[];
  deltas numeric[];
BEGIN
  SELECT n.entry_id INTO offending
    FROM (SELECT entry_id, count(*) AS new_count FROM new_postings GROUP BY entry_id) n
   WHERE (SELECT count(*) FROM ledger_entries e WHERE e.id = n.entry_id) = 0
      OR (SELECT count(*) FROM ledger_postings p WHERE p.entry_id = n.entry_id) <> n.new_count
   LIMIT 1;
  IF offending IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: entry % is unknown or already has postings; an entry''s postings are written by one statement', offending
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT (array_agg(m.account_id) FILTER (WHERE NOT m.known))[1],
         array_agg(m.account_id ORDER BY m.account_id) FILTER (WHERE m.known AND m.has_rule),
         array_agg(m.delta ORDER BY m.account_id) FILTER (WHERE m.known AND m.has_rule)
    INTO offending, ids, deltas
    FROM (SELECT n.account_id,
                 bool_and(coalesce(a.operator_id = n.operator_id AND a.currency = n.currency, false)) AS known,
                 bool_or(a.balance_rule <> 'none') AS has_rule,
                 sum(CASE WHEN a.type IN ('asset', 'expense') THEN n.amount ELSE -n.amount END) AS delta
            FROM new_postings n LEFT JOIN ledger_accounts a ON a.id = n.account_id
           GROUP BY n.account_id) m;
  IF offending IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: account % is unknown, or of another operator or currency than its posting', offending
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF ids IS NOT NULL THEN
    UPDATE ledger_accounts a
       SET posted_balance = a.posted_balance + m.delta
      FROM unnest(ids, deltas) AS m(id, delta)
     WHERE a.id = m.id;
  END IF;
  -- 0015: a posting booked on or before a sealed day reopens it (matches no row otherwise).
  UPDATE ledger_snapshot_horizons h
     SET sealed_through = n.first_day - 1,
         snapshots_through = least(h.snapshots_through, n.first_day - 1),
         updated_at = now()
    FROM (SELECT operator_id, ledger_day_of(min(created_at)) AS first_day FROM new_postings GROUP BY operator_id) n
   WHERE h.operator_id = n.operator_id AND h.sealed_through >= n.first_day;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER ledger_postings_reopen_days ON ledger_postings;
--> statement-breakpoint
DROP FUNCTION ledger_postings_reopen_days();
--> statement-breakpoint

DROP TRIGGER ledger_accounts_guard ON ledger_accounts;
--> statement-breakpoint
-- pg_trigger_depth() here is the depth of the UPDATE itself: 0 for a client's, 1 for a
-- ledger trigger's. The function (unchanged, 0002) raises the matching refusal.
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW
  WHEN (pg_trigger_depth() < 1
        OR (NEW.id, NEW.operator_id, NEW.code, NEW.type, NEW.currency, NEW.owner_user_id, NEW.balance_rule, NEW.created_at)
           IS DISTINCT FROM (OLD.id, OLD.operator_id, OLD.code, OLD.type, OLD.currency, OLD.owner_user_id, OLD.balance_rule, OLD.created_at))
  EXECUTE FUNCTION ledger_accounts_before_update();
