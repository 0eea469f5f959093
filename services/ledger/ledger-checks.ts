import { sql, type SQL } from "drizzle-orm";

/** Limits a check to one operator's rows (or lets every row through). */
export type Scope = (column: SQL) => SQL;

/** The guarantees 0002_ledger_guarantees.sql installs (0015's reopening of sealed days runs in ledger_postings_apply since 0016); all must exist and be enabled. */
export const LEDGER_TRIGGERS: ReadonlyArray<readonly [table: string, trigger: string]> = [
  ["ledger_postings", "ledger_postings_append_only"],
  ["ledger_postings", "ledger_postings_no_truncate"],
  ["ledger_postings", "ledger_postings_apply"],
  ["ledger_entries", "ledger_entries_append_only"],
  ["ledger_entries", "ledger_entries_no_truncate"],
  ["ledger_entries", "ledger_entries_balanced"],
  ["ledger_holds", "ledger_holds_no_delete"],
  ["ledger_holds", "ledger_holds_no_truncate"],
  ["ledger_holds", "ledger_holds_guard"],
  ["ledger_holds", "ledger_holds_reserve"],
  ["ledger_accounts", "ledger_accounts_no_delete"],
  ["ledger_accounts", "ledger_accounts_no_truncate"],
  ["ledger_accounts", "ledger_accounts_start_at_zero"],
  ["ledger_accounts", "ledger_accounts_guard"],
];

/**
 * The invariants `checkLedger` verifies, in the order it reports them. Each query returns
 * the violating rows as `subject, message`; none trusts the stored balances or the triggers.
 */
export const LEDGER_CHECKS: ReadonlyArray<{ check: string; query: (scope: Scope) => SQL }> = [
  {
    check: "entry.postings",
    query: (scope) =>
      sql`select e.id::text as subject,
                 concat_ws('; ',
                   case when count(p.id) < 2 then format('%s posting(s), needs two or more', count(p.id)) end,
                   case when coalesce(sum(p.amount), 0) <> 0 then format('postings sum to %s, not zero', sum(p.amount)) end,
                   case when coalesce(sum(p.amount) filter (where p.amount > 0), 0) <> e.amount
                        then format('debits %s differ from the entry amount %s', coalesce(sum(p.amount) filter (where p.amount > 0), 0), e.amount) end,
                   case when count(p.id) filter (where p.operator_id <> e.operator_id or p.currency <> e.currency or p.created_at <> e.created_at) > 0
                        then 'postings in another operator, currency or time' end,
                   case when sha256(convert_to(coalesce(string_agg(p.account_id::text || ':' || p.amount::text, ';' order by p.account_id), ''), 'UTF8'))
                             <> e.postings_hash then 'postings do not match the entry''s postings hash (altered, added or removed)' end
                 ) as message
            from ledger_entries e left join ledger_postings p on p.entry_id = e.id
           where ${scope(sql`e.operator_id`)}
           group by e.id
          having count(p.id) < 2
              or coalesce(sum(p.amount), 0) <> 0
              or coalesce(sum(p.amount) filter (where p.amount > 0), 0) <> e.amount
              or count(p.id) filter (where p.operator_id <> e.operator_id or p.currency <> e.currency or p.created_at <> e.created_at) > 0
              or sha256(convert_to(coalesce(string_agg(p.account_id::text || ':' || p.amount::text, ';' order by p.account_id), ''), 'UTF8'))
                 <> e.postings_hash`,
  },
  {
    check: "posting.orphan",
    query: (scope) =>
      sql`select p.id::text as subject, 'posting without an entry' as message
            from ledger_postings p left join ledger_entries e on e.id = p.entry_id
           where e.id is null and ${scope(sql`p.operator_id`)}`,
  },
  // The insert trigger stands in for foreign keys (which would lock hot accounts); check its work.
  {
    check: "posting.account",
    query: (scope) =>
      sql`select p.id::text as subject, format('posting on account %s, which is unknown or of another operator or currency', p.account_id) as message
            from ledger_postings p left join ledger_accounts a on a.id = p.account_id
           where ${scope(sql`p.operator_id`)}
             and (a.id is null or a.operator_id <> p.operator_id or a.currency <> p.currency)`,
  },
  // The class is set by the insert trigger and guarded since (0031); the trial balance groups by it.
  {
    check: "account.class",
    query: (scope) =>
      sql`select a.id::text as subject, format('class %s, but its code %s gives %s', a.class, a.code, ledger_account_class(a.code)) as message
            from ledger_accounts a
           where ${scope(sql`a.operator_id`)} and a.class is distinct from ledger_account_class(a.code)`,
  },
  {
    check: "hold.account",
    query: (scope) =>
      sql`select h.id::text as subject, 'hold names an account that is unknown or of another operator or currency' as message
            from ledger_holds h
            left join ledger_accounts d on d.id = h.debit_account_id
            left join ledger_accounts c on c.id = h.credit_account_id
           where ${scope(sql`h.operator_id`)}
             and (d.id is null or c.id is null or d.operator_id <> h.operator_id or c.operator_id <> h.operator_id
                  or d.currency <> h.currency or c.currency <> h.currency)`,
  },
  {
    check: "account.balance",
    query: (scope) =>
      sql`select id::text as subject,
                 concat_ws('; ',
                   case when posted_balance is distinct from posted then format('stored posted balance %s, postings give %s', posted_balance, posted) end,
                   case when pending_out is distinct from pending then format('stored pending %s, pending holds give %s', pending_out, pending) end,
                   case when balance_rule = 'no_negative' and posted - pending < 0 then format('no-negative account is at %s', posted - pending) end
                 ) as message
            from (select a.id, a.balance_rule, a.posted_balance, a.pending_out,
                         coalesce((select sum(p.amount) from ledger_postings p where p.account_id = a.id), 0)
                           * case when a.type in ('asset', 'expense') then 1 else -1 end as posted,
                         coalesce((select sum(h.amount) from ledger_holds h
                                    where h.status = 'pending'
                                      and ((h.debit_account_id = a.id and a.type in ('liability', 'revenue', 'equity'))
                                        or (h.credit_account_id = a.id and a.type in ('asset', 'expense')))), 0) as pending
                    from ledger_accounts a
                   where a.balance_rule <> 'none' and ${scope(sql`a.operator_id`)}) b
           where posted_balance is distinct from posted
              or pending_out is distinct from pending
              or (balance_rule = 'no_negative' and posted - pending < 0)`,
  },
  {
    check: "hold.entry",
    query: (scope) =>
      sql`select h.id::text as subject, format('hold %s for %s does not match its entry %s', h.status, h.posted_amount, h.posted_entry_id) as message
            from ledger_holds h left join ledger_entries e on e.id = h.posted_entry_id
           where ${scope(sql`h.operator_id`)}
             and ((h.status = 'posted') <> (e.id is not null)
              or (e.id is not null and (
                    e.operator_id <> h.operator_id or e.amount <> h.posted_amount
                 or (select count(*) from ledger_postings p where p.entry_id = e.id) <> 2
                 or not exists (select 1 from ledger_postings p where p.entry_id = e.id and p.account_id = h.debit_account_id and p.amount = h.posted_amount)
                 or not exists (select 1 from ledger_postings p where p.entry_id = e.id and p.account_id = h.credit_account_id and p.amount = -h.posted_amount))))`,
  },
  {
    check: "reversal.mirror",
    query: (scope) =>
      sql`select r.id::text as subject, format('reversal of %s does not negate it exactly', r.reverses_entry_id) as message
            from ledger_entries r join ledger_entries o on o.id = r.reverses_entry_id
           where ${scope(sql`r.operator_id`)}
             and (r.operator_id <> o.operator_id
              or exists (select account_id, amount from ledger_postings where entry_id = r.id
                         except select account_id, -amount from ledger_postings where entry_id = o.id)
              or exists (select account_id, -amount from ledger_postings where entry_id = o.id
                         except select account_id, amount from ledger_postings where entry_id = r.id))`,
  },
  {
    check: "operator.balanced",
    query: (scope) =>
      sql`select operator_id::text as subject, format('all postings of the operator sum to %s, not zero', sum(amount)) as message
            from ledger_postings where ${scope(sql`operator_id`)}
           group by operator_id having sum(amount) <> 0`,
  },
  // DESIGN §4: loan:principal:<loan> (an asset) equals the sum of claim:<user>:<loan> (liabilities).
  {
    check: "loan.principal_equals_claims",
    query: (scope) =>
      sql`with principal as (
            select a.operator_id, substr(a.code, 16) as loan_id, coalesce(sum(p.amount), 0) as balance
              from ledger_accounts a left join ledger_postings p on p.account_id = a.id
             where starts_with(a.code, 'loan:principal:') and ${scope(sql`a.operator_id`)}
             group by 1, 2
          ), claims as (
            select a.operator_id, split_part(a.code, ':', 3) as loan_id, -coalesce(sum(p.amount), 0) as balance
              from ledger_accounts a left join ledger_postings p on p.account_id = a.id
             where starts_with(a.code, 'claim:') and ${scope(sql`a.operator_id`)}
             group by 1, 2
          )
          select coalesce(pr.loan_id, c.loan_id) as subject,
                 format('loan principal %s but claims sum to %s', coalesce(pr.balance, 0), coalesce(c.balance, 0)) as message
            from principal pr full join claims c on c.operator_id = pr.operator_id and c.loan_id = pr.loan_id
           where coalesce(pr.balance, 0) <> coalesce(c.balance, 0)`,
  },
  // Balance snapshots the readers trust (day <= the operator's snapshots_through) against the
  // postings: each row is its account's running sum and count to the end of its day, every
  // account that moved on a day has that day's row. A row on a day the account did not move
  // (the former weekly checkpoints) is checked like any other (docs/decisions/2026-12-04-batch-at-scale.md).
  {
    check: "snapshot.balance",
    query: (scope) =>
      sql`with trusted as (
            select s.operator_id, s.account_id, s.day, s.balance, s.postings
              from ledger_balance_snapshots s join ledger_snapshot_horizons h on h.operator_id = s.operator_id
             where s.day <= h.snapshots_through and ${scope(sql`s.operator_id`)}
          ), moves as (
            select p.operator_id, p.account_id, ledger_day_of(p.created_at) as day, sum(p.amount) as amount, count(*) as n
              from ledger_postings p join ledger_snapshot_horizons h on h.operator_id = p.operator_id
             where p.created_at < ledger_day_start(h.snapshots_through + 1) and ${scope(sql`p.operator_id`)}
             group by 1, 2, 3
          ), running as (
            select account_id, day, balance, postings,
                   sum(amount) over w as expected_balance, sum(n) over w as expected_postings
              from (select account_id, day, amount, n, null::numeric as balance, null::bigint as postings from moves
                    union all
                    select account_id, day, 0, 0, balance, postings from trusted) merged
            window w as (partition by account_id order by day, balance is not null rows between unbounded preceding and current row)
          )
          select account_id::text || '@' || day::text as subject,
                 format('snapshot says %s in %s posting(s), postings give %s in %s', balance, postings,
                        coalesce(expected_balance, 0), coalesce(expected_postings, 0)) as message
            from running
           where balance is not null and (balance <> coalesce(expected_balance, 0) or postings <> coalesce(expected_postings, 0))
          union all
          select m.account_id::text || '@' || m.day::text, 'the account moved that day but has no snapshot row'
            from moves m left join trusted t on t.account_id = m.account_id and t.day = m.day
           where t.account_id is null`,
  },
  // Class rows (trial balance by class, docs/decisions/2026-12-05-books-by-class.md) the readers
  // trust (day <= snapshots_through) against the balance snapshots, themselves checked above:
  // each row is the running sum of its accounts' changes, a class that moved on a day has that
  // day's row, and a class has a row on every day from its first through snapshots_through.
  {
    check: "snapshot.class",
    query: (scope) =>
      sql`with trusted as (
            select c.operator_id, c.class, c.type, c.day, c.debit, c.credit, c.accounts, h.snapshots_through
              from ledger_class_balances c join ledger_snapshot_horizons h on h.operator_id = c.operator_id
             where c.day <= h.snapshots_through and ${scope(sql`c.operator_id`)}
          ), snaps as (
            select s.operator_id, s.account_id, s.day, s.balance,
                   coalesce(lag(s.balance) over (partition by s.account_id order by s.day), 0) as before
              from ledger_balance_snapshots s join ledger_snapshot_horizons h on h.operator_id = s.operator_id
             where s.day <= h.snapshots_through and ${scope(sql`s.operator_id`)}
          ), deltas as (
            select s.operator_id, a.class, a.type, s.day,
                   sum(greatest(s.balance, 0) - greatest(s.before, 0)) as debit,
                   sum(greatest(-s.balance, 0) - greatest(-s.before, 0)) as credit,
                   sum((s.balance <> 0)::int - (s.before <> 0)::int) as accounts
              from snaps s join ledger_accounts a on a.id = s.account_id
             group by 1, 2, 3, 4
          ), running as (
            select operator_id, class, type, day, debit, credit, accounts,
                   sum(d_debit) over w as e_debit, sum(d_credit) over w as e_credit, sum(d_accounts) over w as e_accounts
              from (select operator_id, class, type, day, debit as d_debit, credit as d_credit, accounts as d_accounts,
                           null::numeric as debit, null::numeric as credit, null::integer as accounts from deltas
                    union all
                    select operator_id, class, type, day, 0, 0, 0, debit, credit, accounts from trusted) merged
            window w as (partition by operator_id, class, type order by day, debit is not null rows between unbounded preceding and current row)
          )
          select class || ' (' || type || ')@' || day::text as subject,
                 format('class row says debit %s, credit %s, %s account(s); the snapshots give %s, %s, %s',
                        debit, credit, accounts, coalesce(e_debit, 0), coalesce(e_credit, 0), coalesce(e_accounts, 0)) as message
            from running
           where debit is not null and (debit <> coalesce(e_debit, 0) or credit <> coalesce(e_credit, 0) or accounts <> coalesce(e_accounts, 0))
          union all
          select d.class || ' (' || d.type || ')@' || d.day::text, 'the class moved that day but has no class row'
            from deltas d left join trusted t on t.operator_id = d.operator_id and t.class = d.class and t.type = d.type and t.day = d.day
           where t.day is null
          union all
          select class || ' (' || type || ')', format('%s class row(s) from %s through %s, one per day expected', count(*), min(day), max(snapshots_through))
            from trusted group by operator_id, class, type
          having count(*) <> max(snapshots_through) - min(day) + 1`,
  },
  {
    check: "database.trigger",
    query: () => {
      const expected = sql.join(
        LEDGER_TRIGGERS.map(([table, trigger]) => sql`(${table}, ${trigger})`),
        sql`, `,
      );
      return sql`select x.trigger as subject,
                   case when t.oid is null then format('trigger %s on %s is missing', x.trigger, x.tbl)
                        else format('trigger %s on %s is disabled', x.trigger, x.tbl) end as message
              from (values ${expected}) as x(tbl, trigger)
              left join pg_class c on c.relname = x.tbl and c.relnamespace = 'public'::regnamespace
              left join pg_trigger t on t.tgrelid = c.oid and t.tgname = x.trigger
             where t.oid is null or t.tgenabled = 'D'`;
    },
  },
];
