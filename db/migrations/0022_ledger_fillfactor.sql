-- Stored balances are updated by every batch (one UPDATE per statement, ledger_postings_apply):
-- with full pages each new row version goes to another page and every index of ledger_accounts
-- gets an entry (the (operator_id, code) key is ~80 bytes of text). Leaving 30% of each page
-- free keeps those updates heap-only (HOT): posted_balance and pending_out are in no index.
-- Measured on a 55,000-account book: 6,000 balance updates 148–218 ms at fillfactor 100,
-- 36–56 ms at 70 (docs/decisions/2026-12-04-batch-at-scale.md). Pages written before this
-- migration keep their fill until rewritten; new pages (and a VACUUM FULL) get the room.
ALTER TABLE "ledger_accounts" SET (fillfactor = 70);

--> statement-breakpoint
-- The postings trigger of 0018, with one change (marked 0022 below): accounts are looked up
-- once per account of the statement, not once per posting.
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
            -- 0022: the statement's postings summed per (account, operator, currency) first, so
            -- each account is looked up once, not once per posting (a batch's wallets and fee
            -- account appear in hundreds of its postings).
            FROM (SELECT account_id, operator_id, currency, sum(amount) AS amount
                    FROM new_postings GROUP BY account_id, operator_id, currency) n
            LEFT JOIN ledger_accounts a ON a.id = n.account_id
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
