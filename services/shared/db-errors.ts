/** A PostgreSQL error of this SQLSTATE (and constraint, when given), whether the driver's error arrives bare or wrapped by drizzle. */
function isViolation(error: unknown, sqlState: string, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint_name, constraint: c } = e as { code?: string; constraint_name?: string; constraint?: string };
    if (code === sqlState) return !constraint || constraint_name === constraint || c === constraint || String((e as Error).message ?? "").includes(constraint);
  }
  return false;
}

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23505", constraint);
}

/** PostgreSQL's check_violation. */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23514", constraint);
}
