import { Link } from "@remix-run/react";
import { useI18n } from "../../components/i18n";
import { useOperatorData } from "../../components/operator-shell";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

/** Where closing an account lands (signed out): what happened, and the way home. */
export default function AccountClosed() {
  const data = useOperatorData();
  const { t } = useI18n();
  if (!data) return null;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <section className="card space-y-3" data-testid="account-closed">
        <h1 className="text-2xl font-bold">{t("privacy.closed.title")}</h1>
        <p>{t("privacy.closed.body")}</p>
        <Link to={`/o/${data.operator.slug}`} className="btn-primary w-full">
          {t("privacy.closed.home")}
        </Link>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
