/**
 * The little a service needs from a job queue: named queues, sending (at most one job per
 * singleton key waiting), working, and cron schedules in a time zone. pg-boss implements
 * it on PostgreSQL (./pg-boss-queue.ts); tests may pass an in-memory stand-in.
 */
export interface JobQueue {
  createQueue(name: string): Promise<void>;
  send(name: string, data: object, options?: { singletonKey?: string }): Promise<string | null>;
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  schedule(name: string, cron: string, data: object, options: { tz: string }): Promise<void>;
  stop(): Promise<void>;
}
