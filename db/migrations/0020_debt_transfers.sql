CREATE TYPE "public"."debt_transfer_status" AS ENUM('listed', 'sold', 'cancelled', 'expired', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."ledger_cause_type" ADD VALUE 'transfer';--> statement-breakpoint
CREATE TABLE "debt_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"seller_user_id" uuid NOT NULL,
	"buyer_user_id" uuid,
	"principal" numeric(20, 2) NOT NULL,
	"price_rate" numeric(9, 6) NOT NULL,
	"fee_rate" numeric(9, 6) NOT NULL,
	"status" "debt_transfer_status" DEFAULT 'listed' NOT NULL,
	"listing_key" text NOT NULL,
	"buy_key" text,
	"cancel_key" text,
	"expires_at" timestamp with time zone NOT NULL,
	"price" numeric(20, 2),
	"fee" numeric(20, 2),
	"accrued_interest" numeric(20, 2),
	"entry_id" uuid,
	"sold_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "debt_transfers_amounts" CHECK ("debt_transfers"."principal" > 0 and "debt_transfers"."price_rate" > 0 and "debt_transfers"."price_rate" <= 2 and "debt_transfers"."fee_rate" >= 0 and "debt_transfers"."fee_rate" < 1),
	CONSTRAINT "debt_transfers_sold" CHECK (("debt_transfers"."status" = 'sold') = ("debt_transfers"."buyer_user_id" is not null and "debt_transfers"."price" is not null and "debt_transfers"."fee" is not null and "debt_transfers"."entry_id" is not null and "debt_transfers"."sold_at" is not null)),
	CONSTRAINT "debt_transfers_not_own" CHECK ("debt_transfers"."buyer_user_id" is null or "debt_transfers"."buyer_user_id" <> "debt_transfers"."seller_user_id")
);
--> statement-breakpoint
ALTER TABLE "debt_transfers" ADD CONSTRAINT "debt_transfers_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_transfers" ADD CONSTRAINT "debt_transfers_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_transfers" ADD CONSTRAINT "debt_transfers_seller_user_id_users_id_fk" FOREIGN KEY ("seller_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_transfers" ADD CONSTRAINT "debt_transfers_buyer_user_id_users_id_fk" FOREIGN KEY ("buyer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_transfers" ADD CONSTRAINT "debt_transfers_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "debt_transfers_listing_key" ON "debt_transfers" USING btree ("operator_id","listing_key");--> statement-breakpoint
CREATE UNIQUE INDEX "debt_transfers_buy_key" ON "debt_transfers" USING btree ("operator_id","buy_key");--> statement-breakpoint
CREATE UNIQUE INDEX "debt_transfers_one_listing" ON "debt_transfers" USING btree ("seller_user_id","loan_id") WHERE "debt_transfers"."status" = 'listed';--> statement-breakpoint
CREATE INDEX "debt_transfers_market_idx" ON "debt_transfers" USING btree ("operator_id","status","created_at");--> statement-breakpoint
CREATE INDEX "debt_transfers_loan_idx" ON "debt_transfers" USING btree ("loan_id","status");--> statement-breakpoint
CREATE INDEX "debt_transfers_buyer_idx" ON "debt_transfers" USING btree ("buyer_user_id");