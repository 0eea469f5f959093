-- Stored balances are updated by every batch (one UPDATE per statement, ledger_postings_apply):
-- with full pages each new row version goes to another page and every index of ledger_accounts
-- gets an entry (the (operator_id, code) key is ~80 bytes of text). Leaving 30% of each page
-- free keeps those updates heap-only (HOT): posted_balance and pending_out are in no index.
-- Measured on a 55,000-account book: 6,000 balance updates 148–218 ms at fillfactor 100,
-- 36–56 ms at 70 (docs/decisions/2026-12-04-batch-at-scale.md). Pages written before this
-- migration keep their fill until rewritten; new pages (and a VACUUM FULL) get the room.
ALTER TABLE "ledger_accounts" SET (fillfactor = 70);
