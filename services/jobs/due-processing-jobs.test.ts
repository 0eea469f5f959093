import { describe, expect, it } from "vitest";
import { createTestSms } from "../sms/testing/test-sms";
import { createDueProcessingDeps } from "./create-due-processing-deps";
import type { Db } from "../../db/client";
import type { JobQueue } from "./job-queue";
import { DUE_PROCESSING, DUE_PROCESSING_DAILY, registerDueProcessingJobs } from "./due-processing-jobs";

/** An in-memory JobQueue: records schedules and sends, lets the test fire workers. */
function fakeQueue() {
  const workers = new Map<string, (data: object) => Promise<void>>();
  const sent: { name: string; data: object; singletonKey?: string }[] = [];
  const schedules: { name: string; cron: string; tz: string }[] = [];
  const queue: JobQueue = {
    createQueue: async () => {},
    send: async (name, data, options) => {
      sent.push({ name, data, singletonKey: options?.singletonKey });
      return "id";
    },
    work: async (name, handler) => void workers.set(name, handler as (data: object) => Promise<void>),
    schedule: async (name, cron, _data, options) => void schedules.push({ name, cron, tz: options.tz }),
    stop: async () => {},
  };
  return { queue, workers, sent, schedules };
}

describe("due processing jobs", () => {
  it("schedules 00:30 Asia/Shanghai; the daily tick enqueues the Beijing date with a singleton key", async () => {
    const fake = fakeQueue();
    // 16:40 UTC on 1 May is 00:40 on 2 May in Beijing.
    await registerDueProcessingJobs(fake.queue, { deps: createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), db: async () => ({}) as Db, clock: () => new Date("2027-05-01T16:40:00Z"), log: () => {} });
    expect(fake.schedules).toEqual([{ name: DUE_PROCESSING_DAILY, cron: "30 0 * * *", tz: "Asia/Shanghai" }]);
    await fake.workers.get(DUE_PROCESSING_DAILY)!({});
    expect(fake.sent).toEqual([{ name: DUE_PROCESSING, data: { date: "2027-05-02" }, singletonKey: "due:2027-05-02" }]);
    expect(fake.workers.has(DUE_PROCESSING)).toBe(true);
  });
});
