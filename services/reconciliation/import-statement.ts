import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { statementImports, statementLines } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { inTransaction } from "../ledger/db-helpers";
import { formatCny, sumCny, ZERO_CNY } from "../ledger/money";
import { DomainError } from "../shared/errors";
import type { StoredLine } from "../statements/statement-channel";
import { isChannel, MAX_STATEMENT_BYTES, statementChannel } from "./channels";
import { parseStatement } from "./parse-statement";
import type { ParsedStatement, StatementSource } from "./types";

export type ImportActor = { userId: string } | { system: string };

export interface ImportedStatement {
  importId: string;
  source: StatementSource;
  fileName: string;
  lineCount: number;
  totalAmount: string;
  /** The same file was imported before: nothing changed, this is the first import. */
  alreadyImported: boolean;
  /** The days the file's lines fall on (to reconcile). */
  dates: string[];
}

/**
 * Imports one statement file: parsed whole by the pure parser (a malformed file is
 * refused with line and reason, nothing stored), then the file and every line stored in
 * one transaction. The same bytes for the same source return the first import
 * (`alreadyImported`) and change nothing.
 */
export async function importStatement(
  db: Db,
  input: { operatorId: string; source: string; fileName: string; bytes: Uint8Array; actor: ImportActor; now?: Date },
): Promise<ImportedStatement> {
  if (!isChannel(input.source)) throw new DomainError("reconciliation.unknown_source", { field: "source" });
  const source = input.source;
  if (input.bytes.byteLength > MAX_STATEMENT_BYTES) throw new DomainError("reconciliation.file_too_large", { field: "file", details: { max: MAX_STATEMENT_BYTES } });
  const fileName = (input.fileName.trim() || "statement.csv").slice(0, 200);
  const sha = createHash("sha256").update(input.bytes).digest("hex");

  const existing = await findImport(db, input.operatorId, source, sha);
  if (existing) return existing;

  const { parsed, lines } = readStoredLines(source, input.bytes);
  const dates = [...new Set(lines.map((l) => l.date))].sort();
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(statementImports)
      .values({
        operatorId: input.operatorId,
        source,
        fileName,
        fileSha256: sha,
        fileBytes: input.bytes,
        importedByUserId: "userId" in input.actor ? input.actor.userId : null,
        importedBySystem: "system" in input.actor ? input.actor.system : null,
        importedAt: now,
        lineCount: lines.length,
        totalAmount: formatCny(sumCny(lines.map((l) => l.amount))),
        totalFee: formatCny(sumCny(lines.map((l) => l.fee ?? ZERO_CNY))),
        firstDate: dates[0] ?? null,
        lastDate: dates.at(-1) ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: statementImports.id });
    if (!row) {
      // A concurrent upload of the same file won: return its import.
      const first = await findImport(tx, input.operatorId, source, sha);
      if (!first) throw new Error("statement import vanished");
      return first;
    }
    await insertLines(tx, { operatorId: input.operatorId, importId: row.id, source, lines });
    const postedBy = "userId" in input.actor ? { userId: input.actor.userId } : { system: input.actor.system };
    await statementChannel(source).bookOnImport?.(tx, { operatorId: input.operatorId, lines: parsed.lines, postedBy, now });
    await recordAudit(
      tx,
      {
        operatorId: input.operatorId,
        actorUserId: "userId" in input.actor ? input.actor.userId : null,
        action: "reconciliation.statement_imported",
        subject: row.id,
        details: { source, fileName, sha256: sha, lines: lines.length },
      },
      now,
    );
    return { importId: row.id, source, fileName, lineCount: lines.length, totalAmount: formatCny(sumCny(lines.map((l) => l.amount))), alreadyImported: false, dates };
  });
}

/** The file read whole by its source's one reader (refused whole: statement.file_rejected, field `file`), and its lines as stored. */
function readStoredLines(source: StatementSource, bytes: Uint8Array): { parsed: ParsedStatement; lines: StoredLine[] } {
  let parsed: ParsedStatement;
  try {
    parsed = parseStatement(source, bytes);
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, { field: "file", details: { ...error.details } });
    throw error;
  }
  return { parsed, lines: statementChannel(source).storedLines(parsed.lines) };
}

async function insertLines(tx: DbOrTx, input: { operatorId: string; importId: string; source: StatementSource; lines: readonly StoredLine[] }): Promise<void> {
  if (input.lines.length === 0) return;
  await tx.insert(statementLines).values(
    input.lines.map((l) => ({
      operatorId: input.operatorId,
      importId: input.importId,
      source: input.source,
      lineNo: l.lineNo,
      raw: l.raw,
      reference: l.reference,
      amount: formatCny(l.amount),
      fee: l.fee ? formatCny(l.fee) : null,
      date: l.date,
      kind: l.kind,
      groupKey: l.groupKey,
    })),
  );
}

async function findImport(db: DbOrTx, operatorId: string, source: StatementSource, sha: string): Promise<ImportedStatement | null> {
  const [row] = await db
    .select()
    .from(statementImports)
    .where(and(eq(statementImports.operatorId, operatorId), eq(statementImports.source, source), eq(statementImports.fileSha256, sha)));
  if (!row) return null;
  const dates = await db.selectDistinct({ date: statementLines.date }).from(statementLines).where(eq(statementLines.importId, row.id));
  return {
    importId: row.id,
    source,
    fileName: row.fileName,
    lineCount: row.lineCount,
    totalAmount: row.totalAmount,
    alreadyImported: true,
    dates: dates.map((d) => d.date).sort(),
  };
}
