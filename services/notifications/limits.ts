/** Inbox items on one page, newest first. */
export const INBOX_PAGE_SIZE = 20;
