import type { Locale } from "../i18n/messages";

/** A collection team's name in the page's language (teams are named by the admin, in both). */
export function teamName(team: { nameZh: string; nameEn: string } | null | undefined, locale: Locale, none: string): string {
  if (!team) return none;
  return locale === "en" ? team.nameEn : team.nameZh;
}
