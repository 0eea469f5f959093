import type { JobQueue } from "./job-queue";

/**
 * A JobQueue on PostgreSQL with pg-boss (its own `pgboss` schema, created on start).
 * Queues use the `stately` policy: with a singleton key, at most one job per key is
 * queued and one active, so a schedule firing twice or two portal processes sending the
 * same date enqueue one job. Failed jobs are retried by pg-boss (the work is resumable).
 */
export async function createPgBossQueue(input: { connectionString: string; retryLimit?: number }): Promise<JobQueue> {
  const { default: PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString: input.connectionString, max: 2, application_name: "lending-portal-jobs" });
  boss.on("error", (error: unknown) => console.error("pg-boss error", error));
  await boss.start();
  return {
    async createQueue(name) {
      await boss.createQueue(name, { name, policy: "stately", retryLimit: input.retryLimit ?? 3, retryDelay: 300, retryBackoff: true, expireInHours: 6 });
    },
    send(name, data, options) {
      return boss.send(name, data, options?.singletonKey ? { singletonKey: options.singletonKey } : {});
    },
    async work<T extends object>(name: string, handler: (data: T) => Promise<void>) {
      await boss.work<T>(name, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
    },
    async schedule(name, cron, data, options) {
      await boss.schedule(name, cron, data, { tz: options.tz });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}
