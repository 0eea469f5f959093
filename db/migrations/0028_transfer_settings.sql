CREATE TABLE "transfer_settings" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"holding_period_days" integer NOT NULL,
	"min_price_rate" numeric(9, 6) NOT NULL,
	"max_price_rate" numeric(9, 6) NOT NULL,
	"fee_rate" numeric(9, 6) NOT NULL,
	"listing_validity_days" integer NOT NULL,
	"min_principal_cny" numeric(20, 2) NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_settings_ranges" CHECK ("transfer_settings"."holding_period_days" between 0 and 365 and "transfer_settings"."listing_validity_days" between 1 and 90 and "transfer_settings"."min_price_rate" > 0
        and "transfer_settings"."max_price_rate" >= "transfer_settings"."min_price_rate" and "transfer_settings"."max_price_rate" <= 2 and "transfer_settings"."fee_rate" >= 0 and "transfer_settings"."fee_rate" < 0.1 and "transfer_settings"."min_principal_cny" > 0)
);
--> statement-breakpoint
ALTER TABLE "transfer_settings" ADD CONSTRAINT "transfer_settings_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_settings" ADD CONSTRAINT "transfer_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;