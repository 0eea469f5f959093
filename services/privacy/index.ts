// Personal data rights (PIPL): the person's own export and closing their account (issue 18).
export { exportPersonalData, PERSONAL_DATA_EXPORT_VERSION, type PersonalDataExport } from "./export-personal-data";
export { findClosingObstacles, type ClosingObstacle } from "./find-closing-obstacles";
export { closeAccount } from "./close-account";
export type { PrivacyErrorCode } from "./error-codes";
