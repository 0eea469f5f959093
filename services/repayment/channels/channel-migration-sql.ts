import type { RepaymentChannel } from "./repayment-channel";

/** The tables whose CHECK lists the statement sources (db/schema.ts statementSourceCheck), by constraint and column. */
const STATEMENT_SOURCE_CHECKS = [
  ["statement_imports", "statement_imports_source", "source"],
  ["statement_lines", "statement_lines_source", "source"],
  ["reconciliation_results", "reconciliation_results_channel", "channel"],
  ["break_resolutions", "break_resolutions_channel", "channel"],
  ["reconciliation_sign_offs", "reconciliation_sign_offs_channel", "channel"],
] as const;

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * What the database must learn about a new channel, as SQL: its source name joins the
 * `repayment_source` enum (and `repayment_channel` when borrowers can choose it), and its
 * statement's name joins the statement-source CHECKs. A real channel puts exactly these
 * statements in a migration (db/migrations, with the enums and statementSourceCheck in
 * db/schema.ts updated to match); the test channel runs them on its own test database.
 * `statementSources` is every statement source after the change (reconciliation's
 * statementSources()).
 */
export function channelMigrationSql(channel: Pick<RepaymentChannel, "source" | "borrowerChoice" | "statement">, statementSources: readonly string[]): string[] {
  for (const name of [channel.source, ...statementSources]) if (!NAME.test(name)) throw new Error(`not a channel name: ${name}`);
  const statements = [`ALTER TYPE "repayment_source" ADD VALUE IF NOT EXISTS '${channel.source}'`];
  if (channel.borrowerChoice) statements.push(`ALTER TYPE "repayment_channel" ADD VALUE IF NOT EXISTS '${channel.source}'`);
  if (channel.statement) {
    const list = statementSources.map((s) => `'${s}'`).join(", ");
    for (const [table, constraint, column] of STATEMENT_SOURCE_CHECKS) {
      statements.push(`ALTER TABLE "${table}" DROP CONSTRAINT "${constraint}"`, `ALTER TABLE "${table}" ADD CONSTRAINT "${constraint}" CHECK ("${table}"."${column}" in (${list}))`);
    }
  }
  return statements;
}
