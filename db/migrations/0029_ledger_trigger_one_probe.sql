-- The postings trigger looks each account up once (docs/decisions/2026-12-05-batch-probes-and-server-settings.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17); plpgsql only.
--
-- Until now (0025) the trigger read every account of the statement twice: once to check it
-- (exists, the posting's operator and currency) and to learn its type and rule, then again in
-- the balance UPDATE. For a 500-loan repayment batch (11,500 postings on ~10,500 accounts) the
-- first read was a third of the trigger's time. Now the balance UPDATE is the check for the
-- accounts that carry a balance: it moves only rows whose operator and currency match the
-- postings and whose rule is not 'none', and says which it moved. Only the statement's other
-- accounts (clearing, revenue: rule 'none', a handful) are read apart, and any account that is
-- neither moved nor a matching rule-less account is refused, exactly as before. This is the
-- path of statements of more than 64 postings (postEntries' batches); a statement of one entry
-- keeps 0025's check-then-move, which is cheaper for two or three accounts.
--
-- Unchanged: one UPDATE per statement in account-id order (the rows are locked in that order,
-- so two statements on the same accounts queue rather than deadlock); each posting's entry
-- exists and gets all its postings from this one statement; a posting into a sealed snapshot
-- day reopens it; the CHECKs on ledger_accounts still refuse a wallet below zero.

CREATE OR REPLACE FUNCTION ledger_postings_after_insert() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  bad_entry uuid;
  bad_account uuid;
  ids uuid[];
  deltas numeric[];
  reopen boolean;
  operators uuid[];
  currencies text[];
  amounts numeric[];
  large boolean;
BEGIN
  -- A statement of at most 64 postings (MAX_POSTINGS_PER_ENTRY: one entry, from ledger_post_entry,
  -- postHold, a raw INSERT) is checked first and then moved, in one query and one UPDATE, as
  -- in 0025: for two or three accounts that is cheaper than the batch form below (measured with
  -- bench:ledger, 8 clients: ~0.1 ms of server CPU an entry). A larger one (postEntries' batches)
  -- lets the UPDATE be the check. Both refuse exactly the same statements.
  SELECT count(*) > 64 INTO large FROM (SELECT 1 FROM new_postings LIMIT 65) x;
  IF NOT large THEN
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
  ELSE
    -- One query before any account is read: the statement's net amount per (account, operator,
    -- currency) in account-id order; an entry that is unknown or not complete in this statement;
    -- whether a sealed snapshot day is hit. Scalar subqueries, not EXISTS, for the entry test:
    -- an EXISTS there may be planned as a hashed subplan that reads every entry.
    WITH by_account AS MATERIALIZED (
      SELECT account_id, operator_id, currency, sum(amount) AS amount FROM new_postings GROUP BY account_id, operator_id, currency
    )
    SELECT array_agg(n.account_id ORDER BY n.account_id, n.operator_id, n.currency),
           array_agg(n.operator_id ORDER BY n.account_id, n.operator_id, n.currency),
           array_agg(n.currency ORDER BY n.account_id, n.operator_id, n.currency),
           array_agg(n.amount ORDER BY n.account_id, n.operator_id, n.currency),
           (SELECT n.entry_id
              FROM (SELECT entry_id, count(*) AS new_count FROM new_postings GROUP BY entry_id) n
             WHERE (SELECT count(*) FROM ledger_entries e WHERE e.id = n.entry_id) = 0
                OR (SELECT count(*) FROM ledger_postings p WHERE p.entry_id = n.entry_id) <> n.new_count
             LIMIT 1),
           EXISTS (SELECT FROM (SELECT operator_id, min(created_at) AS first_at FROM new_postings GROUP BY operator_id) n
                     JOIN ledger_snapshot_horizons h ON h.operator_id = n.operator_id
                    WHERE h.sealed_through >= ledger_day_of(n.first_at))
      INTO ids, operators, currencies, amounts, bad_entry, reopen
      FROM by_account n;
    IF bad_entry IS NOT NULL THEN
      RAISE EXCEPTION 'ledger: entry % is unknown or already has postings; an entry''s postings are written by one statement', bad_entry
        USING ERRCODE = 'foreign_key_violation';
    END IF;

    -- The balance-carrying accounts move by the net amount, and only if they are of the postings'
    -- operator and currency; every other (account, operator, currency) must be a rule-less account
    -- of that operator and currency. The UPDATE runs to completion whatever the LIMIT (a
    -- data-modifying WITH always does); NOT IN over its few thousand returned ordinals is a hashed
    -- subplan (not a join, which this function keeps to nested loops).
    WITH m AS MATERIALIZED (
      SELECT * FROM unnest(ids, operators, currencies, amounts) WITH ORDINALITY AS m(id, operator_id, currency, amount, ord)
    ), updated AS (
      UPDATE ledger_accounts a
         SET posted_balance = a.posted_balance + CASE WHEN a.type IN ('asset', 'expense') THEN m.amount ELSE -m.amount END
        FROM m
       WHERE a.id = m.id AND a.balance_rule <> 'none' AND a.operator_id = m.operator_id AND a.currency = m.currency
      RETURNING m.ord
    )
    SELECT m.id INTO bad_account
      FROM m
     WHERE m.ord NOT IN (SELECT u.ord FROM updated u)
       AND (SELECT count(*) FROM ledger_accounts a
             WHERE a.id = m.id AND a.balance_rule = 'none' AND a.operator_id = m.operator_id AND a.currency = m.currency) = 0
     LIMIT 1;
    IF bad_account IS NOT NULL THEN
      RAISE EXCEPTION 'ledger: account % is unknown, or of another operator or currency than its posting', bad_account
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;

  -- A posting on or before a sealed snapshot day reopens it (0015).
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
