export { createSession, type CreatedSession } from "./create-session";
export { validateSession, type SessionUser, type ValidSession } from "./validate-session";
export { invalidateSession, invalidateUserSessions } from "./invalidate-session";
export { sendSmsCode } from "./send-sms-code";
export { signInWithSmsCode } from "./sign-in-with-sms-code";
export { signInWithPassword } from "./sign-in-with-password";
export { setPassword, checkPasswordStrength } from "./set-password";
export { findOrCreateUser } from "./find-or-create-user";
export { phoneSchema, PHONE_PATTERN } from "./phone";
export { maskPhone } from "../shared/mask-phone";
export { ROLES, STAFF_ROLES, type Role } from "./roles";
export * as identityLimits from "./limits";
export { findUserByPhone, getUsersByIds, type UserSummary } from "./find-users";
export { safeReturnTo } from "./return-to";
export {
  startOperatorSignOn,
  transactionIdFromState,
  SIGN_ON_TRANSACTION_TTL_MS,
  type SignOnMode,
  type SignOnTransaction,
  type StartedSignOn,
} from "./start-operator-sign-on";
export { finishOperatorSignOn, readSignOnTransaction, type FinishedSignOn } from "./finish-operator-sign-on";
export { endOperatorSession } from "./end-operator-session";
export { createSessionHandoff } from "./create-session-handoff";
export { redeemSessionHandoff } from "./redeem-session-handoff";
export { startTotpEnrolment, pendingTotpKeyUri } from "./start-totp-enrolment";
export { confirmTotpEnrolment } from "./confirm-totp-enrolment";
export { verifySecondFactor, countUnusedRecoveryCodes, type SecondFactorMethod } from "./verify-second-factor";
export { proveSecondFactor } from "./prove-second-factor";
export { hasConfirmedSecondFactor } from "./has-confirmed-second-factor";
export type { IdentityErrorCode } from "./error-codes";
export { sendPasswordResetCode } from "./send-password-reset-code";
export { resetPasswordWithCode } from "./reset-password-with-code";
