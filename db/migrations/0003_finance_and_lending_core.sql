CREATE TYPE "public"."adjustment_status" AS ENUM('proposed', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."investment_status" AS ENUM('pending', 'confirmed', 'voided');--> statement-breakpoint
CREATE TYPE "public"."loan_purpose" AS ENUM('study', 'livestock', 'crops', 'business', 'consumer');--> statement-breakpoint
CREATE TYPE "public"."loan_status" AS ENUM('funding', 'funded', 'disbursed', 'closed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."repayment_method" AS ENUM('interest-only', 'equal-principal', 'equal-installment');--> statement-breakpoint
CREATE TYPE "public"."risk_level" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TABLE "investments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"investor_user_id" uuid NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"hold_id" uuid NOT NULL,
	"status" "investment_status" DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "investments_hold_key" UNIQUE("hold_id"),
	CONSTRAINT "investments_amount_positive" CHECK ("investments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"status" "adjustment_status" DEFAULT 'proposed' NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"proposed_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"entry_id" uuid,
	CONSTRAINT "ledger_adjustments_entry_key" UNIQUE("entry_id"),
	CONSTRAINT "ledger_adjustments_reason_length" CHECK (length(btrim("ledger_adjustments"."reason")) between 4 and 500),
	CONSTRAINT "ledger_adjustments_four_eyes" CHECK ("ledger_adjustments"."decided_by_user_id" is null or "ledger_adjustments"."decided_by_user_id" <> "ledger_adjustments"."proposed_by_user_id"),
	CONSTRAINT "ledger_adjustments_status_consistent" CHECK (("ledger_adjustments"."status" = 'proposed' and "ledger_adjustments"."decided_by_user_id" is null and "ledger_adjustments"."decided_at" is null and "ledger_adjustments"."entry_id" is null)
        or ("ledger_adjustments"."status" = 'approved' and "ledger_adjustments"."decided_by_user_id" is not null and "ledger_adjustments"."decided_at" is not null and "ledger_adjustments"."entry_id" is not null)
        or ("ledger_adjustments"."status" = 'rejected' and "ledger_adjustments"."decided_by_user_id" is not null and "ledger_adjustments"."decided_at" is not null and "ledger_adjustments"."entry_id" is null))
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"borrower_user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"application_id" uuid,
	"purpose" "loan_purpose" NOT NULL,
	"title_zh" text NOT NULL,
	"region_zh" text NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"annual_rate" numeric(9, 6) NOT NULL,
	"term_months" integer NOT NULL,
	"method" "repayment_method" NOT NULL,
	"service_fee_rate" numeric(9, 6) NOT NULL,
	"penalty_daily_rate" numeric(9, 6) NOT NULL,
	"risk_level" "risk_level" NOT NULL,
	"status" "loan_status" DEFAULT 'funding' NOT NULL,
	"funded_amount" numeric(20, 2) DEFAULT '0' NOT NULL,
	"investment_step" numeric(20, 2) DEFAULT '50' NOT NULL,
	"min_investment" numeric(20, 2) DEFAULT '100' NOT NULL,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"funding_deadline" timestamp with time zone NOT NULL,
	"funded_at" timestamp with time zone,
	"disbursed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_funded_within_amount" CHECK ("loans"."funded_amount" >= 0 and "loans"."funded_amount" <= "loans"."amount"),
	CONSTRAINT "loans_amount_positive" CHECK ("loans"."amount" > 0),
	CONSTRAINT "loans_steps_positive" CHECK ("loans"."investment_step" > 0 and "loans"."min_investment" > 0)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"purpose" "loan_purpose" NOT NULL,
	"min_amount" numeric(20, 2) NOT NULL,
	"max_amount" numeric(20, 2) NOT NULL,
	"annual_rate" numeric(9, 6) NOT NULL,
	"term_months" integer NOT NULL,
	"method" "repayment_method" NOT NULL,
	"service_fee_rate" numeric(9, 6) NOT NULL,
	"penalty_daily_rate" numeric(9, 6) NOT NULL,
	"risk_level" "risk_level" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_amount_range" CHECK ("products"."min_amount" > 0 and "products"."min_amount" <= "products"."max_amount"),
	CONSTRAINT "products_rates" CHECK ("products"."annual_rate" >= 0 and "products"."annual_rate" < 1 and "products"."service_fee_rate" >= 0 and "products"."service_fee_rate" < 1 and "products"."penalty_daily_rate" >= 0),
	CONSTRAINT "products_term" CHECK ("products"."term_months" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "store_clerks" (
	"user_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_clerks_user_id_store_id_pk" PRIMARY KEY("user_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"address_zh" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_investor_user_id_users_id_fk" FOREIGN KEY ("investor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_hold_id_ledger_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."ledger_holds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_adjustments" ADD CONSTRAINT "ledger_adjustments_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_borrower_user_id_users_id_fk" FOREIGN KEY ("borrower_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_clerks" ADD CONSTRAINT "store_clerks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_clerks" ADD CONSTRAINT "store_clerks_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "investments_operator_key_key" ON "investments" USING btree ("operator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "investments_loan_idx" ON "investments" USING btree ("loan_id","status");--> statement-breakpoint
CREATE INDEX "investments_investor_idx" ON "investments" USING btree ("investor_user_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_adjustments_operator_status_idx" ON "ledger_adjustments" USING btree ("operator_id","status","created_at");--> statement-breakpoint
CREATE INDEX "loans_operator_status_idx" ON "loans" USING btree ("operator_id","status","listed_at");--> statement-breakpoint
CREATE INDEX "loans_borrower_idx" ON "loans" USING btree ("borrower_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_operator_code_version_key" ON "products" USING btree ("operator_id","code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "products_one_active_version" ON "products" USING btree ("operator_id","code") WHERE "products"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "stores_operator_code_key" ON "stores" USING btree ("operator_id","code");