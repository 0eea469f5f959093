import type { MessageKey, Translate } from "../i18n/messages";

/** The translated title of an inbox item's kind (its text is the SMS template's wording). */
export function inboxKindLabel(t: Translate, kind: string): string {
  const key = `inbox.kind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? t("inbox.kind.other") : label;
}

/** The outbox's label of a message kind: its own for the one-time codes, else the inbox's title of that kind. */
export function smsKindLabel(t: Translate, kind: string): string {
  const key = `outbox.kind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? inboxKindLabel(t, kind) : label;
}
