export { addOperator, OPERATOR_SLUG, type AddOperatorInput } from "./add-operator";
export { grantStaffRole, type GrantStaffRoleInput } from "./grant-staff-role";
export { defaultLogoDataUrl, deriveBrandColours } from "./brand-colours";
export type { AdministrationErrorCode } from "./error-codes";
