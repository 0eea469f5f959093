ALTER TABLE "card_top_ups" ADD COLUMN "loan_id" uuid;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD COLUMN "repayment_kind" text;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD COLUMN "repayment_id" uuid;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD CONSTRAINT "card_top_ups_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_top_ups" ADD CONSTRAINT "card_top_ups_repayment_kind" CHECK (("card_top_ups"."loan_id" is null and "card_top_ups"."repayment_kind" is null) or ("card_top_ups"."loan_id" is not null and "card_top_ups"."repayment_kind" in ('installment', 'payoff')));