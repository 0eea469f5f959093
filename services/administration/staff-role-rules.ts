import type { Role } from "../identity/roles";

/**
 * Roles whose grant waits for a second admin (maker-checker): finance moves money and
 * admin grants rights, so one person alone must not be able to give either.
 */
export const FOUR_EYES_ROLES: readonly Role[] = ["finance", "admin"];

/** A reason is required for every grant and revoke; this keeps it a sentence, not an essay. */
export const MAX_STAFF_REASON_LENGTH = 200;

export function needsSecondAdmin(role: Role): boolean {
  return FOUR_EYES_ROLES.includes(role);
}
