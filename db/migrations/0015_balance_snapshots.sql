CREATE TABLE "ledger_balance_snapshots" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"operator_id" uuid NOT NULL,
	"balance" numeric(20, 2) NOT NULL,
	"postings" bigint NOT NULL,
	CONSTRAINT "ledger_balance_snapshots_account_id_day_pk" PRIMARY KEY("account_id","day"),
	CONSTRAINT "ledger_balance_snapshots_postings_positive" CHECK ("ledger_balance_snapshots"."postings" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_snapshot_horizons" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"sealed_through" date,
	"snapshots_through" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_snapshot_horizons_order" CHECK ("ledger_snapshot_horizons"."snapshots_through" <= "ledger_snapshot_horizons"."sealed_through")
);
--> statement-breakpoint
ALTER TABLE "ledger_snapshot_horizons" ADD CONSTRAINT "ledger_snapshot_horizons_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_balance_snapshots_operator_day_idx" ON "ledger_balance_snapshots" USING btree ("operator_id","day");--> statement-breakpoint
-- Balance snapshots (docs/decisions/2026-12-03-balance-snapshots.md). Days are Beijing
-- calendar days (UTC+8, no daylight saving), as in services/shared/calendar.ts; written
-- with intervals so no time-zone database is needed (PGlite, PostgreSQL alike).
CREATE FUNCTION ledger_day_start(d date) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (d::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_day_of(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
-- A posting created on or before a day the snapshot maker has sealed (a caller-chosen
-- `now` in the past: a simulation, a test, a late booking) reopens that day: the
-- operator's sealed_through and snapshots_through fall back to the day before, so readers
-- stop trusting the rows from that day on and the next run rebuilds them. One UPDATE per
-- INSERT statement; it matches no row (takes no lock) unless the posting is backdated.
-- The maker seals a day only after waiting for every transaction writing postings
-- (LOCK ... IN SHARE MODE), so a posting is either visible to it or sees the new seal here.
CREATE FUNCTION ledger_postings_reopen_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
CREATE TRIGGER ledger_postings_reopen_days AFTER INSERT ON ledger_postings
  REFERENCING NEW TABLE AS new_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_reopen_days();
