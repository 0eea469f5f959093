ALTER TABLE "passbook_debit_instructions" ADD COLUMN "requested_by" uuid;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD COLUMN "borrower_key" text;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD COLUMN "requested_by" uuid;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD COLUMN "borrower_key" text;--> statement-breakpoint
ALTER TABLE "passbook_debit_instructions" ADD CONSTRAINT "passbook_debit_instructions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phonebill_deductions" ADD CONSTRAINT "phonebill_deductions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "passbook_debit_instructions_borrower_key_key" ON "passbook_debit_instructions" USING btree ("operator_id","borrower_key");--> statement-breakpoint
CREATE UNIQUE INDEX "phonebill_deductions_borrower_key_key" ON "phonebill_deductions" USING btree ("operator_id","borrower_key");