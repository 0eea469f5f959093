CREATE TABLE "collection_team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "collection_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"min_days" integer NOT NULL,
	"max_days" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_teams_range" CHECK ("collection_teams"."min_days" >= 1 and ("collection_teams"."max_days" is null or "collection_teams"."max_days" >= "collection_teams"."min_days"))
);
--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "reveal_reason_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "collection_team_members" ADD CONSTRAINT "collection_team_members_team_id_collection_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."collection_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_team_members" ADD CONSTRAINT "collection_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_teams" ADD CONSTRAINT "collection_teams_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_team_members_user_idx" ON "collection_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_teams_operator_code_key" ON "collection_teams" USING btree ("operator_id","code");--> statement-breakpoint
-- Today's teams move into the tables: every operator gets the two teams the code used to hard-code.
INSERT INTO "collection_teams" ("operator_id", "code", "name_zh", "name_en", "min_days", "max_days")
SELECT "id", 'early', '早期催收', 'Early collections', 1, 30 FROM "operators"
UNION ALL
SELECT "id", 'senior', '资深催收', 'Senior collections', 31, NULL FROM "operators";--> statement-breakpoint
-- The phones SENIOR_COLLECTOR_PHONES listed (services/collections/teams.ts before 0013) become senior members where those collectors exist.
INSERT INTO "collection_team_members" ("team_id", "user_id")
SELECT t."id", u."id"
  FROM "collection_teams" t
  JOIN "operators" o ON o."id" = t."operator_id"
  JOIN "users" u ON u."operator_id" = o."id"
  JOIN "user_roles" r ON r."user_id" = u."id" AND r."role" = 'collector'
 WHERE t."code" = 'senior'
   AND (o."slug", u."phone") IN (('unicom', '18600000010'), ('mobile', '13800000010'), ('telecom', '18900000010'));--> statement-breakpoint
-- Every other collector was in the early team by default; now they are its members.
INSERT INTO "collection_team_members" ("team_id", "user_id")
SELECT t."id", u."id"
  FROM "collection_teams" t
  JOIN "users" u ON u."operator_id" = t."operator_id"
  JOIN "user_roles" r ON r."user_id" = u."id" AND r."role" = 'collector'
 WHERE t."code" = 'early'
   AND NOT EXISTS (
     SELECT 1 FROM "collection_team_members" m JOIN "collection_teams" s ON s."id" = m."team_id" AND s."code" = 'senior'
      WHERE m."user_id" = u."id");
