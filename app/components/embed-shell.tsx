import { Link } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import { LanguageSwitch } from "./language-switch";
import { useI18n } from "./i18n";
import { useNonce } from "./nonce";

/** The message a framed page posts to its host with its height (the sandbox web hall listens). */
export const HEIGHT_MESSAGE = "lending-portal:height";

let pinnedEmbedded: boolean | undefined;

/**
 * Framed or not is settled by the document request (Sec-Fetch-Dest, `?embed=1`); later data
 * requests cannot tell, so in the browser the first answer is kept for the page's life.
 */
export function usePinnedEmbedded(fromServer: boolean): boolean {
  if (typeof document === "undefined") return fromServer;
  pinnedEmbedded ??= fromServer;
  return pinnedEmbedded;
}

/**
 * Tells the host page our height, by postMessage to the operator's listed origins only:
 * the parent's own origin when the browser reveals it (location.ancestorOrigins), else each
 * listed origin in turn (the browser delivers only to the one that matches). Never `*`.
 * A tiny inline script (nonce'd) rather than an effect: the borrower and investor pages ship
 * no framework JavaScript, and this one message is all a framed page needs a script for. It
 * watches the shell's element, which stays the same across client navigations on pages that
 * do hydrate.
 */
export function heightScript(allowedOrigins: string[]): string {
  const listed = JSON.stringify(allowedOrigins.filter((o) => /^https?:\/\/[^/\s"'<>]+$/.test(o)));
  return `(function(){var e=document.currentScript&&document.currentScript.parentElement;if(!e||window.parent===window||typeof ResizeObserver!=="function")return;var l=${listed},p=location.ancestorOrigins&&location.ancestorOrigins[0],t=p?l.filter(function(o){return o===p}):l,h=-1;function s(){var n=Math.ceil(e.getBoundingClientRect().height);if(n===h)return;h=n;t.forEach(function(o){window.parent.postMessage({type:${JSON.stringify(HEIGHT_MESSAGE)},height:n},o)})}new ResizeObserver(s).observe(e);s()})()`;
}

/** The layout inside the operator's frame: no header or navigation of ours, the operator's colours. */
export function EmbedShell({
  operator,
  signedIn,
  style,
  children,
}: {
  operator: { slug: string; nameZh: string; nameEn: string; frameAncestors: string[] };
  signedIn: boolean;
  style: CSSProperties;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const nonce = useNonce();
  const base = `/o/${operator.slug}`;
  const name = locale === "zh-CN" ? operator.nameZh : operator.nameEn;
  return (
    <div style={style} data-operator={operator.slug} data-embedded="true" className="bg-slate-50">
      <main id="main" className="mx-auto max-w-3xl px-3 pb-3 pt-4">
        {children}
      </main>
      <footer className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-3 border-t border-slate-200 px-3 text-sm text-slate-600">
        <span className="mr-auto py-2">{t("embed.poweredBy", { operator: name })}</span>
        <Link to={base} className="flex min-h-11 items-center underline-offset-4 hover:underline">
          {t("nav.home")}
        </Link>
        <Link to={signedIn ? `${base}/account` : `${base}/login`} className="flex min-h-11 items-center underline-offset-4 hover:underline">
          {signedIn ? t("nav.account") : t("nav.signIn")}
        </Link>
        <LanguageSwitch />
      </footer>
      <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: heightScript(operator.frameAncestors) }} />
    </div>
  );
}
