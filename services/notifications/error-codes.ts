/** Codes the notifications area raises (services/shared/errors.ts explains the scheme). */
export type NotificationsErrorCode = "notifications.not_found";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    notifications: NotificationsErrorCode;
  }
}
