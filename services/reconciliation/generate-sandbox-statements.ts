import type { DbOrTx } from "../../db/client";
import type { GeneratedStatement } from "../statements/statement-channel";
import { statementChannels } from "./channels";

export type { GeneratedStatement } from "../statements/statement-channel";

/**
 * The files the sandbox parties would send for one Beijing day, written from our own
 * records of what the sandbox bank, operator, stores and Stripe did (they keep no books
 * of their own), one statement channel after another. Formats that cannot be empty (a
 * passbook result, a settlement) give no file for a quiet day.
 */
export async function generateSandboxStatements(db: DbOrTx, input: { operatorId: string; date: string }): Promise<GeneratedStatement[]> {
  const files: GeneratedStatement[] = [];
  for (const channel of statementChannels()) if (channel.sandboxStatements) files.push(...(await channel.sandboxStatements(db, input)));
  return files;
}
