-- The anonymous invest list is cached in each portal process (app/public-page-cache.server.ts).
-- Whatever could change what it shows says so on the channel `invest_list_changed` when its
-- transaction commits, so every instance drops its copy at once (LISTEN, db/changes.ts).
-- Loans only while they are, or were, open for funding: repayments of running loans and the
-- ledger's batches do not notify (a NOTIFY serialises commits briefly). Product names and an
-- operator's brand appear on the page too; they change rarely, one notice a statement.
CREATE OR REPLACE FUNCTION notify_invest_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('invest_list_changed', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER loans_invest_list_insert AFTER INSERT ON loans
  FOR EACH ROW WHEN (NEW.status = 'funding') EXECUTE FUNCTION notify_invest_list_changed();
--> statement-breakpoint
CREATE TRIGGER loans_invest_list_update AFTER UPDATE ON loans
  FOR EACH ROW WHEN (OLD.status = 'funding' OR NEW.status = 'funding') EXECUTE FUNCTION notify_invest_list_changed();
--> statement-breakpoint
CREATE TRIGGER loans_invest_list_delete AFTER DELETE ON loans
  FOR EACH ROW WHEN (OLD.status = 'funding') EXECUTE FUNCTION notify_invest_list_changed();
--> statement-breakpoint
CREATE TRIGGER loans_invest_list_truncate AFTER TRUNCATE ON loans
  FOR EACH STATEMENT EXECUTE FUNCTION notify_invest_list_changed();
--> statement-breakpoint
CREATE TRIGGER products_invest_list AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION notify_invest_list_changed();
--> statement-breakpoint
CREATE TRIGGER operators_invest_list AFTER UPDATE OR DELETE ON operators
  FOR EACH STATEMENT EXECUTE FUNCTION notify_invest_list_changed();
