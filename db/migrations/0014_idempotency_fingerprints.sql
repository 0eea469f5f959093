-- The adjustment form's key: a repeated proposal is the first one (services/shared/idempotency.ts). Null for system proposals.
ALTER TABLE "ledger_adjustments" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_adjustments_operator_key_key" ON "ledger_adjustments" USING btree ("operator_id","idempotency_key");
