// The one unique-violation test lives in shared (the idempotency helper needs it); kept here for investing's callers.
export { isUniqueViolation } from "../shared/db-errors";
