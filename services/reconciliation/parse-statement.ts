import { statementChannel } from "./channels";
import type { ParsedStatement, StatementSource } from "./types";

/** Parses an imported file as the source finance said it is, with the source's one reader; throws statement.file_rejected. */
export function parseStatement(source: StatementSource, bytes: Uint8Array): ParsedStatement {
  return { source, lines: statementChannel(source).read(bytes) };
}
