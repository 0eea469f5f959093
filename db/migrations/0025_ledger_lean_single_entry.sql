-- A leaner single-entry path, same guarantees (docs/decisions/2026-12-05-ledger-lean-single-entry.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17); plpgsql only.
--
-- (a) ledger_post_entry (0018) is unchanged in what it does; it now runs its queries with
--     generic plans. Its parameters made the plan cache re-plan every query on every call
--     (a generic plan's estimate for `= any(p_accounts)` / unnest(p_accounts) is 10–100
--     rows, a custom plan's 2–3, so the custom plan always looked cheaper): a fifth to a
--     third of the server's CPU per entry went to the planner. The queries are primary-key
--     lookups over at most MAX_POSTINGS_PER_ENTRY accounts; one plan fits every call.
--     Sequential scans, hash and merge joins are off for it, as for the postings trigger
--     since 0018: a generic plan made while ledger_accounts was small would otherwise scan
--     the whole table on every later call.
-- (b) The postings trigger (0022) checks entries and accounts, gathers the balance
--     movements and decides whether a sealed snapshot day must reopen in ONE query
--     instead of three; the reopening UPDATE runs only when that query says a sealed day
--     is hit (a backdated posting), instead of on every statement.

CREATE OR REPLACE FUNCTION ledger_post_entry(
  p_id uuid, p_operator_id uuid, p_idempotency_key text, p_request_hash bytea, p_postings_hash bytea, p_currency text,
  p_amount numeric, p_kind text, p_memo text, p_cause_type ledger_cause_type, p_cause_id text, p_posted_by_user_id uuid,
  p_posted_by_system text, p_reverses_entry_id uuid, p_created_at timestamptz, p_accounts uuid[], p_amounts numeric[],
  OUT ok boolean, OUT inserted boolean, OUT accounts text
) LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
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

-- Once per INSERT statement on ledger_postings, as in 0002/0018/0022:
--  * each posting's entry exists and gets all its postings from this one statement;
--  * each posting's account exists, in the posting's operator and currency;
--  * the stored balances of rule-carrying accounts move by the statement's net amount per
--    account, with one UPDATE in account-id order (joins kept on the primary key);
--  * a posting created on or before a day the snapshot maker has sealed reopens it (0015).
-- The first three checks and the reopening test are one query; the statement's postings are
-- summed per (account, operator, currency) first, so each account is looked up once. An
-- account that appears with two operators or currencies has at least one unknown group.
CREATE OR REPLACE FUNCTION ledger_postings_after_insert() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  bad_entry uuid;
  bad_account uuid;
  ids uuid[];
  deltas numeric[];
  reopen boolean;
BEGIN
  WITH by_account AS MATERIALIZED (
    SELECT n.account_id,
           coalesce(a.operator_id = n.operator_id AND a.currency = n.currency, false) AS known,
           a.balance_rule <> 'none' AS has_rule,
           CASE WHEN a.type IN ('asset', 'expense') THEN n.amount ELSE -n.amount END AS delta
      FROM (SELECT account_id, operator_id, currency, sum(amount) AS amount
              FROM new_postings GROUP BY account_id, operator_id, currency) n
      LEFT JOIN ledger_accounts a ON a.id = n.account_id
  )
  SELECT (SELECT n.entry_id
            FROM (SELECT entry_id, count(*) AS new_count FROM new_postings GROUP BY entry_id) n
           -- Scalar subqueries, not EXISTS: an EXISTS here may be planned as a hashed subplan
           -- that reads every entry to build its hash table.
           WHERE (SELECT count(*) FROM ledger_entries e WHERE e.id = n.entry_id) = 0
              OR (SELECT count(*) FROM ledger_postings p WHERE p.entry_id = n.entry_id) <> n.new_count
           LIMIT 1),
         (SELECT b.account_id FROM by_account b WHERE NOT b.known LIMIT 1),
         (SELECT array_agg(b.account_id ORDER BY b.account_id) FROM by_account b WHERE b.known AND b.has_rule),
         (SELECT array_agg(b.delta ORDER BY b.account_id) FROM by_account b WHERE b.known AND b.has_rule),
         EXISTS (SELECT FROM (SELECT operator_id, min(created_at) AS first_at FROM new_postings GROUP BY operator_id) n
                   JOIN ledger_snapshot_horizons h ON h.operator_id = n.operator_id
                  WHERE h.sealed_through >= ledger_day_of(n.first_at))
    INTO bad_entry, bad_account, ids, deltas, reopen;
  IF bad_entry IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: entry % is unknown or already has postings; an entry''s postings are written by one statement', bad_entry
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF bad_account IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: account % is unknown, or of another operator or currency than its posting', bad_account
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF ids IS NOT NULL THEN
    UPDATE ledger_accounts a
       SET posted_balance = a.posted_balance + m.delta
      FROM unnest(ids, deltas) AS m(id, delta)
     WHERE a.id = m.id;
  END IF;
  IF reopen THEN
    UPDATE ledger_snapshot_horizons h
       SET sealed_through = n.first_day - 1,
           snapshots_through = least(h.snapshots_through, n.first_day - 1),
           updated_at = now()
      FROM (SELECT operator_id, ledger_day_of(min(created_at)) AS first_day FROM new_postings GROUP BY operator_id) n
     WHERE h.operator_id = n.operator_id AND h.sealed_through >= n.first_day;
  END IF;
  RETURN NULL;
END
$$;
