import type { TheirLine } from "../statements/statement-channel";
import { statementChannel } from "./channels";
import type { ParsedStatement } from "./types";

/**
 * Turns a parsed file into the lines the matcher compares, as its statement channel
 * describes them (services/statements/statement-channel.ts). `fileId` names the import so
 * line ids (`<fileId>:<line>`) stay unique when several files are matched together.
 */
export function theirLinesFromStatement(statement: ParsedStatement, fileId: string): TheirLine[] {
  return statementChannel(statement.source).theirLines(statement.lines, fileId);
}
