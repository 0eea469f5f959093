import type { MessageKey, Translate } from "../i18n/messages";

/** The translated title of an inbox item's kind (its text is the SMS template's wording). */
export function inboxKindLabel(t: Translate, kind: string): string {
  const key = `inbox.kind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? t("inbox.kind.other") : label;
}
