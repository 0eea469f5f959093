import { DomainError } from "../shared/errors";
import { MAX_STAFF_REASON_LENGTH } from "./staff-role-rules";

/** A reason as a person typed it: trimmed, one line of printable text, required, at most MAX_STAFF_REASON_LENGTH characters. */
export function checkReason(raw: string): string {
  const reason = raw.trim();
  if (reason === "") throw new DomainError("staff.reason_required", { field: "reason" });
  // Control characters (NUL, line breaks, escapes) have no place in an audited one-line reason.
  if (/[\u0000-\u001f\u007f]/.test(reason) || [...reason].length > MAX_STAFF_REASON_LENGTH) {
    throw new DomainError("staff.reason_invalid", { field: "reason", details: { max: MAX_STAFF_REASON_LENGTH } });
  }
  return reason;
}
