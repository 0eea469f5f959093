export { withInbox, recordInboxItem } from "./with-inbox";
export { listNotifications, countUnreadNotifications, type InboxItem, type InboxPage } from "./list-notifications";
export { openNotification } from "./open-notification";
export { inboxText, INBOX_TEMPLATES_EN, type InboxReading } from "./inbox-text";
export { markAllNotificationsRead } from "./mark-all-notifications-read";
export { INBOX_PAGE_SIZE } from "./limits";
export type { NotificationsErrorCode } from "./error-codes";
export { notifyUser, type Notify } from "./notify-user";
