import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOperator } from "../../operator.server";
import { safeReturnTo } from "../../session.server";
import { useI18n } from "../../components/i18n";
import { useOperatorData } from "../../components/operator-shell";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";

const SHOWN_CODES = [
  "sso.not_configured",
  "sso.unavailable",
  "sso.transaction_missing",
  "sso.state_mismatch",
  "sso.cancelled",
  "sso.refused",
  "sso.code_rejected",
  "sso.id_token_invalid",
  "sso.phone_missing",
  "sso.phone_unverified",
  "sso.handoff_invalid",
  "auth.account_closed",
] as const;

/** The branded page for a sign-on the operator refused or the user cancelled. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const query = new URL(request.url).searchParams;
  const requested = query.get("code");
  const code = SHOWN_CODES.find((c) => c === requested) ?? "sso.refused";
  const returnTo = safeReturnTo(query.get("returnTo"), `/o/${operator.slug}`);
  return { code, returnTo, popup: query.get("popup") === "1", retry: code !== "sso.not_configured" };
}

export default function SignOnError() {
  const { code, returnTo, popup, retry } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const operator = useOperatorData()?.operator;
  if (!operator) return null;
  const name = locale === "zh-CN" ? operator.nameZh : operator.nameEn;
  const back = encodeURIComponent(returnTo);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <div className="card space-y-3" data-testid="sso-error" data-code={code}>
        <div className="flex items-center gap-3">
          <img src={operator.logoPath} alt="" width={40} height={40} className="size-10" />
          <h1 className="text-xl font-semibold">{t("sso.error.title", { operator: name })}</h1>
        </div>
        <p className="text-slate-700" role="alert">
          {t(`error.${code}` as MessageKey)}
        </p>
        <div className="flex flex-col gap-2 pt-1">
          {retry ? (
            <Link to={`/o/${operator.slug}/sso/start?returnTo=${back}${popup ? "&popup=1" : ""}`} reloadDocument className="btn-primary">
              {t("sso.error.retry")}
            </Link>
          ) : null}
          {popup ? (
            <button type="button" className="btn-secondary" onClick={() => window.close()}>
              {t("sso.error.close")}
            </button>
          ) : (
            <Link to={`/o/${operator.slug}/login?returnTo=${back}`} className="btn-secondary">
              {t("sso.error.otherWays")}
            </Link>
          )}
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
