import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { auditLog, collectionTeams, operators, userRoles, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { addTeamMember, createDefaultTeams, listCollectionTeams, listCollectors, removeTeamMember, setTeamRanges, teamForDays } from ".";

describeEachDatabase("collection teams", (ctx) => {
  let db: Db;
  let operatorId: string;
  let adminId: string;
  let collectorId: string;
  let clerkId: string;
  const audited = (action: string) => db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, action)));
  const teamId = async (code: string) => (await db.select().from(collectionTeams).where(and(eq(collectionTeams.operatorId, operatorId), eq(collectionTeams.code, code))))[0]!.id;

  beforeAll(async () => {
    db = ctx.db;
    const [op] = await db.insert(operators).values({ slug: "teams", nameZh: "团队", nameEn: "Teams", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" }).returning();
    operatorId = op!.id;
    const person = async (phone: string, name: string, role: "admin" | "collector" | "store_clerk") => {
      const [u] = await db.insert(users).values({ operatorId, phone, name }).returning();
      await db.insert(userRoles).values({ userId: u!.id, role });
      return u!.id;
    };
    adminId = await person("13900000008", "吴管理", "admin");
    collectorId = await person("13900000007", "周催收", "collector");
    clerkId = await person("13900000003", "张店员", "store_clerk");
  });

  it("gives an operator without teams the two default ones once, audited", async () => {
    expect(await createDefaultTeams(db, { operatorId, actorUserId: adminId })).toBe(true);
    expect(await createDefaultTeams(db, { operatorId, actorUserId: adminId })).toBe(false);
    const { teams } = await listCollectionTeams(db, { operatorId });
    expect(teams.map((t) => [t.code, t.nameZh, t.minDays, t.maxDays])).toEqual([
      ["early", "早期催收", 1, 30],
      ["senior", "资深催收", 31, null],
    ]);
    expect(teamForDays(teams, 30)?.code).toBe("early");
    expect(teamForDays(teams, 31)?.code).toBe("senior");
    expect(await audited("collections.teams_created")).toHaveLength(1);
  });

  it("adds and removes a collector, once each, with an audit row; refuses someone who is not a collector", async () => {
    const senior = await teamId("senior");
    expect(await addTeamMember(db, { operatorId, teamId: senior, userId: collectorId, actorUserId: adminId })).toEqual({ changed: true });
    expect(await addTeamMember(db, { operatorId, teamId: senior, userId: collectorId, actorUserId: adminId })).toEqual({ changed: false });
    expect((await listCollectors(db, operatorId))[0]).toMatchObject({ userId: collectorId, team: { code: "senior" } });
    expect(await codeOf(addTeamMember(db, { operatorId, teamId: senior, userId: clerkId, actorUserId: adminId }))).toBe("collections.not_a_collector");
    expect(await codeOf(addTeamMember(db, { operatorId, teamId: "00000000-0000-0000-0000-000000000000", userId: collectorId, actorUserId: adminId }))).toBe("collections.team_not_found");
    expect(await removeTeamMember(db, { operatorId, teamId: senior, userId: collectorId, actorUserId: adminId })).toEqual({ changed: true });
    expect(await removeTeamMember(db, { operatorId, teamId: senior, userId: collectorId, actorUserId: adminId })).toEqual({ changed: false });
    expect(await audited("collections.team_member_added")).toEqual([expect.objectContaining({ actorUserId: adminId, subject: "资深催收", details: { teamId: senior, code: "senior", userId: collectorId } })]);
    expect(await audited("collections.team_member_removed")).toHaveLength(1);
  });

  it("changes the ranges only as a whole that covers day 1 onward without overlap, audited with before and after", async () => {
    const early = await teamId("early");
    const senior = await teamId("senior");
    expect(await codeOf(setTeamRanges(db, { operatorId, actorUserId: adminId, ranges: [{ teamId: early, minDays: 1, maxDays: 60 }, { teamId: senior, minDays: 31, maxDays: null }] }))).toBe("collections.team_range_overlap");
    expect(await codeOf(setTeamRanges(db, { operatorId, actorUserId: adminId, ranges: [{ teamId: early, minDays: 1, maxDays: 60 }] }))).toBe("collections.team_not_found");
    expect(await setTeamRanges(db, { operatorId, actorUserId: adminId, ranges: [{ teamId: early, minDays: 1, maxDays: 60 }, { teamId: senior, minDays: 61, maxDays: null }] })).toEqual({ changed: true });
    expect(await setTeamRanges(db, { operatorId, actorUserId: adminId, ranges: [{ teamId: early, minDays: 1, maxDays: 60 }, { teamId: senior, minDays: 61, maxDays: null }] })).toEqual({ changed: false });
    const { teams } = await listCollectionTeams(db, { operatorId });
    expect(teamForDays(teams, 45)?.code).toBe("early");
    const [row] = await audited("collections.team_ranges_changed");
    expect(row!.details).toEqual({
      before: [{ code: "early", minDays: 1, maxDays: 30 }, { code: "senior", minDays: 31, maxDays: null }],
      after: [{ code: "early", minDays: 1, maxDays: 60 }, { code: "senior", minDays: 61, maxDays: null }],
    });
  });
});
