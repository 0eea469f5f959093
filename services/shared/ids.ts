/**
 * Record ids are UUIDs. Anything that reaches SQL as an id is checked here first, so a
 * malformed id from a path, a form or a query is "not found" (or a field error), never a
 * database error.
 */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
