import { useLocation } from "@remix-run/react";
import { PostForm } from "./forms";
import { useI18n } from "./i18n";

/** Posts to /lang and comes back to the same page; works without JavaScript. */
export function LanguageSwitch({ className = "" }: { className?: string }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <PostForm action="/lang" className={className}>
      <input type="hidden" name="locale" value={locale === "zh-CN" ? "en" : "zh-CN"} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <button
        type="submit"
        lang={locale === "zh-CN" ? "en" : "zh-CN"}
        aria-label={t("lang.switchToLabel")}
        className="min-h-11 rounded-md px-2 text-sm font-medium underline-offset-4 hover:underline"
      >
        {t("lang.switchTo")}
      </button>
    </PostForm>
  );
}
