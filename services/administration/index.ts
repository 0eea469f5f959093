export { addOperator, OPERATOR_SLUG, type AddOperatorInput } from "./add-operator";
export { grantStaffRole, type GrantStaffRoleInput } from "./grant-staff-role";
export { defaultLogoDataUrl, deriveBrandColours } from "./brand-colours";
export type { AdministrationErrorCode } from "./error-codes";
export { requestStaffRole, type StaffRoleRequestOutcome } from "./request-staff-role";
export { decideStaffRoleRequest } from "./decide-staff-role-request";
export { revokeStaffRole } from "./revoke-staff-role";
export { listStaff, type StaffMember, type StaffRequestView } from "./list-staff";
export { FOUR_EYES_ROLES, MAX_STAFF_REASON_LENGTH, needsSecondAdmin } from "./staff-role-rules";
