CREATE TABLE "auto_invest_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"investor_user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"min_rate" numeric(9, 6) NOT NULL,
	"max_rate" numeric(9, 6) NOT NULL,
	"min_term_months" integer NOT NULL,
	"max_term_months" integer NOT NULL,
	"methods" "repayment_method"[] NOT NULL,
	"risk_levels" "risk_level"[] NOT NULL,
	"amount_per_loan" numeric(20, 2) NOT NULL,
	"max_total" numeric(20, 2) NOT NULL,
	"cash_to_keep" numeric(20, 2) DEFAULT '0' NOT NULL,
	"reinvest" boolean DEFAULT true NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"last_allocated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_invest_rules_rates" CHECK ("auto_invest_rules"."min_rate" >= 0 and "auto_invest_rules"."min_rate" <= "auto_invest_rules"."max_rate" and "auto_invest_rules"."max_rate" < 1),
	CONSTRAINT "auto_invest_rules_terms" CHECK ("auto_invest_rules"."min_term_months" >= 1 and "auto_invest_rules"."min_term_months" <= "auto_invest_rules"."max_term_months" and "auto_invest_rules"."max_term_months" <= 120),
	CONSTRAINT "auto_invest_rules_amounts" CHECK ("auto_invest_rules"."amount_per_loan" > 0 and "auto_invest_rules"."max_total" >= "auto_invest_rules"."amount_per_loan" and "auto_invest_rules"."cash_to_keep" >= 0)
);
--> statement-breakpoint
ALTER TABLE "investments" ADD COLUMN "auto_invest_rule_id" uuid;--> statement-breakpoint
ALTER TABLE "auto_invest_rules" ADD CONSTRAINT "auto_invest_rules_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_invest_rules" ADD CONSTRAINT "auto_invest_rules_investor_user_id_users_id_fk" FOREIGN KEY ("investor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auto_invest_rules_queue_idx" ON "auto_invest_rules" USING btree ("operator_id","paused","last_allocated_at");--> statement-breakpoint
CREATE INDEX "auto_invest_rules_investor_idx" ON "auto_invest_rules" USING btree ("investor_user_id");--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_auto_invest_rule_id_auto_invest_rules_id_fk" FOREIGN KEY ("auto_invest_rule_id") REFERENCES "public"."auto_invest_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "investments_rule_idx" ON "investments" USING btree ("auto_invest_rule_id");