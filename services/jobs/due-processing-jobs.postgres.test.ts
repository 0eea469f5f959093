import { randomBytes } from "node:crypto";
import { createTestSms } from "../sms/testing/test-sms";
import { createDueProcessingDeps } from "./create-due-processing-deps";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { dueRuns } from "../../db/schema";
import { createTestOperator } from "../../db/testing";
import { createPgBossQueue } from "./pg-boss-queue";
import { enqueueDueProcessing, registerDueProcessingJobs } from "./due-processing-jobs";

// pg-boss needs a real PostgreSQL: runs only when DATABASE_URL is set (like the other *.postgres tests).
if (process.env.DATABASE_URL) {
  describe("due processing on pg-boss [postgres]", () => {
    it("a job per date: the worker runs every operator's due processing once; a second send for the date is dropped", async () => {
      const name = `${process.env.TEST_DB_PREFIX ?? "lp_test_"}${randomBytes(6).toString("hex")}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
      const queue = await createPgBossQueue({ connectionString: url.toString() });
      try {
        const operator = await createTestOperator(database.db, "bossop");
        await registerDueProcessingJobs(queue, { deps: createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), db: async () => database.db, log: () => {} });
        expect(await enqueueDueProcessing(queue, "2027-05-01")).not.toBeNull();
        expect(await enqueueDueProcessing(queue, "2027-05-01")).toBeNull();
        let run: typeof dueRuns.$inferSelect | undefined;
        for (let i = 0; i < 60 && run?.status !== "done"; i++) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          [run] = await database.db.select().from(dueRuns).where(eq(dueRuns.operatorId, operator.id));
        }
        expect(run).toMatchObject({ runDate: "2027-05-01", status: "done", attempts: 1 });
      } finally {
        await queue.stop();
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end({ timeout: 5 });
      }
    }, 60_000);

    it("a run left running by a killed portal is finished when the next portal registers its workers", async () => {
      const name = `${process.env.TEST_DB_PREFIX ?? "lp_test_"}${randomBytes(6).toString("hex")}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
      const queue = await createPgBossQueue({ connectionString: url.toString() });
      try {
        const operator = await createTestOperator(database.db, "bosscut");
        // What a portal killed during the first step leaves: the run row, nobody holding its lock.
        await database.db.insert(dueRuns).values({ operatorId: operator.id, runDate: "2027-05-01", step: "accrue_penalties", progress: {} });
        const lines: string[] = [];
        await registerDueProcessingJobs(queue, { deps: createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), db: async () => database.db, clock: () => new Date("2027-05-01T20:00:00Z"), log: (line) => lines.push(line) });
        const [run] = await database.db.select().from(dueRuns).where(eq(dueRuns.operatorId, operator.id));
        expect(run).toMatchObject({ runDate: "2027-05-01", status: "done", attempts: 2 });
        expect(lines).toEqual(["due processing resumed: bosscut 2027-05-01 done (attempt 2)"]);
      } finally {
        await queue.stop();
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end({ timeout: 5 });
      }
    }, 60_000);
  });
}
