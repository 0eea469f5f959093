import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { useCsrfToken, useI18n } from "./i18n";

/** What the sign-on popup posts to the framed page that opened it (same origin only). */
export const SIGNED_ON_MESSAGE = "lending-portal:signed-on";

function OperatorMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z" />
      <path d="M9 12l2 2 4-4" />
    </svg>
  );
}

/**
 * Whether a message comes from the sign-on popup this page opened: the one our click handler
 * opened, or, when the button was tapped before the page's script had loaded (a slow phone), the
 * one the link itself opened (`target=_blank rel=opener`), which we hold no handle to but whose
 * opener is this window. Only called for messages of our own origin, so the opener is readable.
 */
function isOurPopup(source: MessageEventSource | null, opened: Window | null): boolean {
  if (!source || !("opener" in source)) return false;
  if (source === opened) return true;
  try {
    return source.opener === window;
  } catch {
    return false;
  }
}

/**
 * "使用中国联通账号登录". At top level (a browser, the operator's app webview) it is a plain
 * link to the sign-on. Inside the operator's web hall frame the operator's sign-in page
 * cannot be shown (sign-in pages refuse frames, and the frame's cookies are third-party),
 * so it opens a popup; the popup hands the session back by postMessage. If no popup can
 * open, the whole window goes to the sign-on and comes back to our page.
 */
export function SignOnButton({
  operatorSlug,
  operatorName,
  returnTo,
  embedded,
}: {
  operatorSlug: string;
  operatorName: string;
  returnTo: string;
  embedded: boolean;
}) {
  const { t } = useI18n();
  const csrfToken = useCsrfToken();
  const submit = useSubmit();
  const popupRef = useRef<Window | null>(null);
  const [waiting, setWaiting] = useState(false);
  const startUrl = `/o/${operatorSlug}/sso/start?returnTo=${encodeURIComponent(returnTo)}`;
  const popupUrl = `${startUrl}&popup=1`;

  useEffect(() => {
    if (!embedded) return;
    function onMessage(event: MessageEvent) {
      if (event.origin !== window.location.origin) return;
      if (!isOurPopup(event.source, popupRef.current)) return;
      const message = event.data as { type?: unknown; handoff?: unknown } | null;
      if (!message || message.type !== SIGNED_ON_MESSAGE || typeof message.handoff !== "string") return;
      submit(
        { _csrf: csrfToken, handoff: message.handoff, returnTo },
        { method: "post", action: `/o/${operatorSlug}/sso/handoff`, replace: true },
      );
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [embedded, csrfToken, operatorSlug, returnTo, submit]);

  function openPopup(event: MouseEvent<HTMLAnchorElement>) {
    const width = 420;
    const height = 680;
    const left = Math.max(0, (window.screen.width - width) / 2);
    const top = Math.max(0, (window.screen.height - height) / 2);
    const popup = window.open(popupUrl, "operator-sign-on", `popup,width=${width},height=${height},left=${left},top=${top}`);
    event.preventDefault();
    if (!popup) {
      // Popups blocked: sign on in the whole window instead, and come back to our page.
      window.top!.location.href = startUrl;
      return;
    }
    popupRef.current = popup;
    setWaiting(true);
  }

  const label = t("login.sso", { operator: operatorName });
  if (!embedded) {
    return (
      <div className="space-y-2">
        <a href={startUrl} className="btn-primary w-full gap-2" data-testid="sso-button">
          <OperatorMark />
          {label}
        </a>
        <p className="text-center text-sm text-slate-500">{t("login.ssoHint", { operator: operatorName })}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <a href={popupUrl} target="_blank" rel="opener" onClick={openPopup} className="btn-primary w-full gap-2" data-testid="sso-button">
        <OperatorMark />
        {label}
      </a>
      <p className="text-center text-sm text-slate-500" role="status">
        {waiting ? (
          <>
            {t("login.ssoWaiting", { operator: operatorName })}{" "}
            <a href={startUrl} target="_top" className="font-medium text-brand underline">
              {t("login.ssoOpenHere")}
            </a>
          </>
        ) : (
          t("login.ssoPopupHint", { operator: operatorName })
        )}
      </p>
    </div>
  );
}
