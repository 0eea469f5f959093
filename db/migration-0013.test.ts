import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "./client";
import { migrationsFolder } from "./client";
import { collectionTeamMembers, collectionTeams, operators, userRoles, users } from "./schema";
import { describeEachDatabase } from "./testing";

/** The data part of 0013 (after its table statements): today's teams and the senior phone list move into the tables. */
function dataStatements(): string[] {
  const text = readFileSync(path.join(migrationsFolder(), "0013_collection_teams_and_audit.sql"), "utf8");
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => /^(--[^\n]*\n)*INSERT INTO "collection_team/m.test(s));
}

describeEachDatabase("migration 0013 moves the hard-coded teams", (ctx) => {
  let db: Db;
  beforeAll(async () => {
    db = ctx.db;
  });

  it("gives each operator the two teams and makes the listed phones senior members where they are collectors", async () => {
    const brand = { logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" };
    const [unicom] = await db.insert(operators).values({ slug: "unicom", nameZh: "中国联通", nameEn: "China Unicom", ...brand }).returning();
    const [other] = await db.insert(operators).values({ slug: "other", nameZh: "其他", nameEn: "Other", ...brand }).returning();
    const person = async (operatorId: string, phone: string, role: "collector" | "store_clerk") => {
      const [u] = await db.insert(users).values({ operatorId, phone }).returning();
      await db.insert(userRoles).values({ userId: u!.id, role });
      return u!.id;
    };
    const senior = await person(unicom!.id, "18600000010", "collector");
    const early = await person(unicom!.id, "18600000007", "collector");
    await person(unicom!.id, "18600000003", "store_clerk");
    const otherCollector = await person(other!.id, "18600000010", "collector");

    const statements = dataStatements();
    expect(statements).toHaveLength(3);
    for (const statement of statements) await db.execute(sql.raw(statement));

    const teams = await db.select().from(collectionTeams);
    expect(teams.map((t) => [t.operatorId === unicom!.id ? "unicom" : "other", t.code, t.nameZh, t.minDays, t.maxDays]).sort()).toEqual([
      ["other", "early", "早期催收", 1, 30],
      ["other", "senior", "资深催收", 31, null],
      ["unicom", "early", "早期催收", 1, 30],
      ["unicom", "senior", "资深催收", 31, null],
    ]);
    const codeOf = new Map(teams.map((t) => [t.id, `${t.operatorId === unicom!.id ? "unicom" : "other"}:${t.code}`]));
    const members = (await db.select().from(collectionTeamMembers)).map((m) => [codeOf.get(m.teamId), m.userId]).sort();
    // 18600000010 is senior only at unicom (the list was per operator); every other collector is early.
    expect(members).toEqual(
      [
        ["other:early", otherCollector],
        ["unicom:early", early],
        ["unicom:senior", senior],
      ].sort(),
    );
  });
});
