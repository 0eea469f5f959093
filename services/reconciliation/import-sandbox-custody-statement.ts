import type { Db } from "../../db/client";
import { statementChannel } from "./channels";
import { importStatement, type ImportActor, type ImportedStatement } from "./import-statement";

/**
 * The sandbox custody bank's statement of a Beijing day, written from our records as the bank
 * would and imported (which books the settlements that arrived that day). Outside production
 * only: the simulator's and the demo's bank. Importing the same day again changes nothing.
 */
export async function importSandboxCustodyStatement(db: Db, input: { operatorId: string; date: string; actor: ImportActor; now?: Date }): Promise<ImportedStatement> {
  const [statement] = (await statementChannel("custody_statement").sandboxStatements?.(db, { operatorId: input.operatorId, date: input.date })) ?? [];
  if (!statement) throw new Error("the custody channel has no sandbox statement");
  return importStatement(db, { operatorId: input.operatorId, source: statement.source, fileName: statement.fileName, bytes: statement.bytes, actor: input.actor, ...(input.now ? { now: input.now } : {}) });
}
