-- Ledger guarantees the database enforces whatever the application does
-- (see docs/decisions/2026-11-21-ledger-schema-and-locking.md).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17); plpgsql only.
--
-- (a) entries and postings are append-only: no UPDATE, DELETE or TRUNCATE;
--     holds change only once (pending -> posted | voided); accounts change only
--     their stored balances, and only through the triggers below.
-- (b) an entry cannot commit unless its postings (at least two, all written by
--     one INSERT statement) sum to zero and match the entry's amount and hash.
-- (c) stored balances of rule-carrying accounts are maintained here, from the
--     postings and holds themselves, so the CHECK ledger_accounts_no_negative on
--     them holds against any interleaving of transactions.
-- (d) postings and holds name existing accounts of their own operator and currency,
--     checked by these triggers rather than by foreign keys, whose share locks would
--     make every posting lock the hot accounts.

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % on % is forbidden; the ledger is append-only, correct a mistake with a reversing entry', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_holds_no_delete BEFORE DELETE ON ledger_holds
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_holds_no_truncate BEFORE TRUNCATE ON ledger_holds
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint

-- A rule-carrying account starts at zero; its balances then move only with postings and holds.
CREATE FUNCTION ledger_accounts_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.balance_rule = 'none' THEN
    NEW.posted_balance := NULL;
    NEW.pending_out := NULL;
  ELSE
    NEW.posted_balance := 0;
    NEW.pending_out := 0;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_start_at_zero BEFORE INSERT ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_before_insert();
--> statement-breakpoint

-- An account's identity never changes, and its stored balances are written only by
-- the ledger triggers (trigger depth >= 2: a trigger's UPDATE firing this one).
CREATE FUNCTION ledger_accounts_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.operator_id, NEW.code, NEW.type, NEW.currency, NEW.owner_user_id, NEW.balance_rule, NEW.created_at)
     IS DISTINCT FROM (OLD.id, OLD.operator_id, OLD.code, OLD.type, OLD.currency, OLD.owner_user_id, OLD.balance_rule, OLD.created_at) THEN
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
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_before_update();
--> statement-breakpoint

-- Once per INSERT statement on ledger_postings:
--  * each posting's entry exists and gets all its postings from this one statement
--    (so nothing can be added to an entry later, not even in the same transaction);
--  * each posting's account exists, in the posting's operator and currency.
--    These two stand in for foreign keys, which would share-lock the referenced rows:
--    the hot accounts (clearing, revenue, custody) would be locked by every posting.
--    Entries and accounts can never be deleted, so a lookup without a lock is as good;
--  * the stored balances of rule-carrying accounts move by the statement's net amount
--    per account. Accounts without a rule are not touched, hence never locked.
-- Callers lock the rule-carrying rows first, in id order; the updates below also go
-- in id order, one primary-key update per account (scalar subqueries and per-row
-- updates keep the planner on the indexes, whatever it guesses about new_postings).
CREATE FUNCTION ledger_postings_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  offending uuid;
  moved record;
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
  SELECT n.account_id INTO offending
    FROM (SELECT DISTINCT account_id, operator_id, currency FROM new_postings) n
   WHERE NOT coalesce((SELECT a.operator_id = n.operator_id AND a.currency = n.currency
                         FROM ledger_accounts a WHERE a.id = n.account_id), false)
   LIMIT 1;
  IF offending IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: account % is unknown, or of another operator or currency than its posting', offending
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  FOR moved IN
    SELECT n.account_id, sum(n.amount) AS delta FROM new_postings n
     WHERE (SELECT a.balance_rule FROM ledger_accounts a WHERE a.id = n.account_id) <> 'none'
     GROUP BY n.account_id ORDER BY n.account_id
  LOOP
    UPDATE ledger_accounts
       SET posted_balance = posted_balance + CASE WHEN type IN ('asset', 'expense') THEN moved.delta ELSE -moved.delta END
     WHERE id = moved.account_id;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_postings_apply AFTER INSERT ON ledger_postings
  REFERENCING NEW TABLE AS new_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_after_insert();
--> statement-breakpoint

-- At commit, per entry written by the transaction: two or more postings that sum to
-- zero, in the entry's operator and currency and with its timestamp, whose debits
-- equal the entry's amount and whose content matches the entry's postings hash.
CREATE FUNCTION ledger_entries_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posting_count bigint;
  total numeric;
  debits numeric;
  mismatched bigint;
  content_hash bytea;
BEGIN
  SELECT count(*),
         coalesce(sum(amount), 0),
         coalesce(sum(amount) FILTER (WHERE amount > 0), 0),
         count(*) FILTER (WHERE operator_id <> NEW.operator_id OR currency <> NEW.currency OR created_at <> NEW.created_at),
         sha256(convert_to(coalesce(string_agg(account_id::text || ':' || amount::text, ';' ORDER BY account_id), ''), 'UTF8'))
    INTO posting_count, total, debits, mismatched, content_hash
    FROM ledger_postings
   WHERE entry_id = NEW.id;
  IF posting_count < 2 THEN
    RAISE EXCEPTION 'ledger: entry % has % posting(s); an entry needs at least two', NEW.id, posting_count
      USING ERRCODE = 'check_violation';
  END IF;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger: entry % is unbalanced, its postings sum to %', NEW.id, total
      USING ERRCODE = 'check_violation';
  END IF;
  IF debits <> NEW.amount THEN
    RAISE EXCEPTION 'ledger: entry % records amount % but its debits sum to %', NEW.id, NEW.amount, debits
      USING ERRCODE = 'check_violation';
  END IF;
  IF mismatched > 0 THEN
    RAISE EXCEPTION 'ledger: entry % has postings in another operator, currency or time', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF content_hash <> NEW.postings_hash THEN
    RAISE EXCEPTION 'ledger: entry % postings do not match its postings hash', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_check_balanced();
--> statement-breakpoint

-- A hold changes once: pending -> posted | voided, touching only its resolution columns.
CREATE FUNCTION ledger_holds_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'ledger: hold % is already % and cannot change', OLD.id, OLD.status
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.status = 'pending' THEN
    RAISE EXCEPTION 'ledger: an update of hold % must post or void it', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.operator_id, NEW.idempotency_key, NEW.request_hash, NEW.currency, NEW.debit_account_id,
      NEW.credit_account_id, NEW.amount, NEW.kind, NEW.memo, NEW.cause_type, NEW.cause_id,
      NEW.placed_by_user_id, NEW.placed_by_system, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.operator_id, OLD.idempotency_key, OLD.request_hash, OLD.currency, OLD.debit_account_id,
      OLD.credit_account_id, OLD.amount, OLD.kind, OLD.memo, OLD.cause_type, OLD.cause_id,
      OLD.placed_by_user_id, OLD.placed_by_system, OLD.created_at) THEN
    RAISE EXCEPTION 'ledger: hold % may only change its resolution', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_holds_guard BEFORE UPDATE ON ledger_holds
  FOR EACH ROW EXECUTE FUNCTION ledger_holds_before_update();
--> statement-breakpoint

-- A new hold must name accounts of its operator and currency. A pending hold reserves
-- its amount on the side of a rule-carrying account that it would reduce (the debit
-- side of a credit-normal account, the credit side of a debit-normal one); posting or
-- voiding releases the reservation.
CREATE FUNCTION ledger_holds_reserve() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta numeric;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'ledger: hold % must start pending', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    -- Foreign keys without the share lock, as for postings.
    IF NOT coalesce((SELECT operator_id = NEW.operator_id AND currency = NEW.currency FROM ledger_accounts WHERE id = NEW.debit_account_id), false)
       OR NOT coalesce((SELECT operator_id = NEW.operator_id AND currency = NEW.currency FROM ledger_accounts WHERE id = NEW.credit_account_id), false) THEN
      RAISE EXCEPTION 'ledger: hold % names an unknown account, or one of another operator or currency', NEW.id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    delta := NEW.amount;
  ELSE
    delta := -OLD.amount;
  END IF;
  -- Debit side first, then credit side: the order the service locked them in is by id,
  -- and both rows are already locked by it, so this order cannot deadlock.
  UPDATE ledger_accounts SET pending_out = pending_out + delta
   WHERE id = NEW.debit_account_id AND balance_rule <> 'none' AND type IN ('liability', 'revenue', 'equity');
  UPDATE ledger_accounts SET pending_out = pending_out + delta
   WHERE id = NEW.credit_account_id AND balance_rule <> 'none' AND type IN ('asset', 'expense');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_holds_reserve AFTER INSERT OR UPDATE OF status ON ledger_holds
  FOR EACH ROW EXECUTE FUNCTION ledger_holds_reserve();
