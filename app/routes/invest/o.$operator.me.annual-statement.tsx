import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { domainErrorToFieldErrors } from "../../forms.server";
import { Field } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";
import { investing } from "../../services.server";
import { yearParam } from "./annual-statement.server";

/** The investor's annual statement (年度对账单): one service call; a year out of range is refused beside the field. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, undefined, { reads: "replica" });
  const url = new URL(request.url);
  const year = yearParam(url);
  const base = `/o/${operator.slug}`;
  try {
    const statement = await investing.getAnnualStatement(db, { operatorId: operator.id, userId: session.user.id, year });
    return { base, year: String(year), statement, errors: null };
  } catch (error) {
    return { base, year: (url.searchParams.get("year") ?? "").slice(0, 8), statement: null, errors: domainErrorToFieldErrors(error) };
  }
}

/** Plain HTML: the year form is a GET form; downloads are links. */
export const handle = PLAIN_HTML;

const IN_ROWS = ["topUps", "principalReceived", "interestReceived", "claimsSold", "otherIn"] as const;
const OUT_ROWS = ["withdrawals", "invested", "topUpRefunds", "claimsBought", "fees", "otherOut"] as const;

export default function AnnualStatementPage() {
  const { base, year, statement, errors } = useLoaderData<typeof loader>();
  const { t, money } = useI18n();
  const row = (key: (typeof IN_ROWS)[number] | (typeof OUT_ROWS)[number] | "opening" | "closing" | "outstandingAtYearEnd" | "totalIn" | "totalOut", strong = false) => (
    <div key={key} className={`flex justify-between gap-2 py-1 ${strong ? "font-semibold" : ""}`}>
      <dt>{t(key === "totalIn" || key === "totalOut" ? `annual.${key}` : (`annual.row.${key}` as MessageKey))}</dt>
      <dd data-testid={`annual-${key}`}>
        <Money amount={statement![key]} />
      </dd>
    </div>
  );
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("annual.title")}</h1>
      <p className="text-sm text-slate-600">{t("annual.intro")}</p>
      <form method="get" className="card flex items-end gap-2">
        <div className="flex-1">
          <Field name="year" label={t("annual.year")} type="text" inputMode="numeric" defaultValue={year} errors={errors ?? undefined} />
        </div>
        <button type="submit" className="btn-secondary" data-testid="annual-show">
          {t("annual.show")}
        </button>
      </form>
      {statement ? (
        <section className="card space-y-3" data-testid="annual-statement">
          <h2 className="text-lg font-semibold">{t("annual.fileTitle", { year: statement.year })}</h2>
          <dl className="divide-y divide-slate-100 text-sm">
            {row("opening", true)}
            {IN_ROWS.map((k) => row(k))}
            {row("totalIn", true)}
            {OUT_ROWS.map((k) => row(k))}
            {row("totalOut", true)}
            {row("closing", true)}
            {row("outstandingAtYearEnd")}
          </dl>
          <p className="rounded bg-slate-50 p-2 text-sm" data-testid="annual-check">
            {t("annual.check", { opening: money(statement.opening), in: money(statement.totalIn), out: money(statement.totalOut), closing: money(statement.closing) })}
          </p>
          <p className="text-xs text-slate-500">{t("annual.note")}</p>
          {statement.truncated ? <p className="text-sm text-red-700">{t("annual.truncated")}</p> : null}
          <div className="flex gap-2">
            <a href={`${base}/me/annual-statement.pdf?year=${statement.year}`} className="btn-primary flex-1" data-testid="annual-pdf" download>
              {t("annual.pdf")}
            </a>
            <a href={`${base}/me/annual-statement.csv?year=${statement.year}`} className="btn-secondary flex-1" data-testid="annual-csv" download>
              {t("annual.csv")}
            </a>
          </div>
        </section>
      ) : null}
      <Link to={`${base}/me/wallet`} className="text-sm text-brand underline">
        {t("nav.wallet")}
      </Link>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
