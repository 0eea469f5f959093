import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { disclosure, isDomainError } from "../../services.server";
import { getDb } from "../../db.server";
import { requireOperator } from "../../operator.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { useOperatorData } from "../../components/operator-shell";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { PLAIN_HTML } from "../../route-handle";
import { formatMonth } from "../../i18n/format";

const SECTIONS = ["lending", "balance", "participants", "concentration", "overdue"] as const;
const PLATFORM_FIELDS = ["companyName", "registeredAddress", "icpRecord", "custodyBank", "customerServicePhone", "establishedOn"] as const;
const RISK_NOTICES = ["intermediary", "noGuarantee", "custody", "suitability", "cap"] as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

/** Public: anyone may read an operator's platform disclosure, signed in or not. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const db = await getDb();
  const asked = new URL(request.url).searchParams.get("month")?.trim() || null;
  try {
    return { monthError: false, ...(await disclosure.getPublicDisclosure(db, { operatorId: operator.id, month: asked })) };
  } catch (error) {
    if (!isDomainError(error) || error.code !== "disclosure.invalid_month") throw error;
    return { monthError: true, ...(await disclosure.getPublicDisclosure(db, { operatorId: operator.id })) };
  }
}

function Row({ label, children, testId, nowrap = false }: { label: string; children: React.ReactNode; testId?: string; nowrap?: boolean }) {
  return (
    <tr className="border-b border-slate-100" data-testid={testId}>
      <th scope="row" className={`py-2 pr-2 text-left align-top font-normal text-slate-600 ${nowrap ? "whitespace-nowrap" : ""}`}>
        {label}
      </th>
      <td className="py-2 text-right break-words">{children}</td>
    </tr>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PublicDisclosure() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{t("public.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("public.lead")}</p>
      </div>
      <PlatformSection platform={data.platform} />
      <section className="card space-y-2" aria-labelledby="public-risk">
        <h2 id="public-risk" className="font-semibold">{t("public.risk.title")}</h2>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="public-risk">
          {RISK_NOTICES.map((notice) => (
            <li key={notice}>{t(`public.risk.${notice}` as MessageKey)}</li>
          ))}
        </ul>
      </section>
      <FiguresSection data={data} />
      <RelatedAndCompensatory data={data} />
      <p className="text-xs text-slate-500">{t("public.notes")}</p>
    </div>
  );
}

/** The operator, the platform and what the operator row says of its company, filing and custody bank. */
function PlatformSection({ platform }: { platform: Data["platform"] }) {
  const operator = useOperatorData()?.operator;
  const { t, date, locale } = useI18n();
  const value = (field: (typeof PLATFORM_FIELDS)[number]) => {
    const text = platform[field];
    if (!text) return <span className="text-slate-500">{t("public.platform.notProvided")}</span>;
    return field === "establishedOn" ? date(text) : text;
  };
  return (
    <section className="card" aria-labelledby="public-platform">
      <h2 id="public-platform" className="font-semibold">{t("public.platform.title")}</h2>
      <table className="mt-2 w-full text-sm" data-testid="public-platform">
        <tbody>
          <Row label={t("public.platform.operator")} nowrap>{operator ? (locale === "zh-CN" ? operator.nameZh : operator.nameEn) : ""}</Row>
          <Row label={t("public.platform.platformName")} nowrap>{t("app.name")}</Row>
          {PLATFORM_FIELDS.map((field) => (
            <Row key={field} label={t(`public.platform.${field}` as MessageKey)} testId={`platform-${field}`} nowrap>
              {value(field)}
            </Row>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The month's figures as finance computes them, and the month chooser (a plain GET form). */
function FiguresSection({ data }: { data: Data }) {
  const { t, date, locale } = useI18n();
  const na = t("disclosure.notAvailable");
  const figure = (row: Data["rows"][number]) =>
    row.value === "" ? na : row.kind === "money" ? <Money amount={row.value} /> : <span className="tabular-nums">{row.value}</span>;
  return (
    <section className="card space-y-3" aria-labelledby="public-figures">
      <h2 id="public-figures" className="font-semibold" data-testid="public-figures-title">
        {t("public.figures.title", { month: formatMonth(data.month, locale), date: date(data.asOfDate) })}
      </h2>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="public-month" className="block text-sm font-medium">{t("public.month")}</label>
          {/* Text, not type="month": a native month picker speaks the browser's language, not the page's. */}
          <input id="public-month" name="month" type="text" inputMode="numeric" maxLength={7} defaultValue={data.month} pattern="\d{4}-\d{2}" placeholder="YYYY-MM" className="field-input"
            aria-invalid={data.monthError ? true : undefined} aria-describedby="public-month-hint" />
          <p id="public-month-hint" className={`text-sm ${data.monthError ? "text-red-700" : "text-slate-500"}`} role={data.monthError ? "alert" : undefined}>
            {data.monthError ? t("error.disclosure.invalid_month") : t("public.monthHint")}
          </p>
        </div>
        <button type="submit" className="btn-primary">{t("public.show")}</button>
      </Form>
      <table className="w-full text-sm" data-testid="public-figures">
        {SECTIONS.map((section) => (
          <tbody key={section}>
            <tr>
              <th colSpan={2} scope="colgroup" className="pt-3 pb-1 text-left font-semibold text-slate-700">
                {t(`disclosure.section.${section}` as MessageKey)}
              </th>
            </tr>
            {data.rows
              .filter((r) => r.section === section)
              .map((row) => (
                <Row key={row.key} label={t(`disclosure.figure.${row.key}` as MessageKey)} testId={`figure-${row.key}`}>
                  {figure(row)}
                </Row>
              ))}
          </tbody>
        ))}
      </table>
    </section>
  );
}

function RelatedAndCompensatory({ data }: { data: Data }) {
  const { t } = useI18n();
  return (
    <>
      <section className="card space-y-2" aria-labelledby="public-related">
        <h2 id="public-related" className="font-semibold">{t("public.related.title")}</h2>
        <p className="text-sm text-slate-600">{t("public.related.lead")}</p>
        <table className="w-full text-sm" data-testid="public-related">
          <tbody>
            <Row label={t("public.related.cumulativeCount")}>{data.relatedParty.cumulativeCount}</Row>
            <Row label={t("public.related.cumulativeCny")}><Money amount={data.relatedParty.cumulativeCny} /></Row>
            <Row label={t("public.related.outstandingCount")}>{data.relatedParty.outstandingCount}</Row>
            <Row label={t("public.related.outstandingCny")}><Money amount={data.relatedParty.outstandingCny} /></Row>
          </tbody>
        </table>
      </section>
      <section className="card space-y-2" aria-labelledby="public-compensatory">
        <h2 id="public-compensatory" className="font-semibold">{t("public.compensatory.title")}</h2>
        <table className="w-full text-sm" data-testid="public-compensatory">
          <tbody>
            <Row label={t("public.compensatory.count")}>{data.compensatory.count}</Row>
            <Row label={t("public.compensatory.amount")}><Money amount={data.compensatory.amountCny} /></Row>
          </tbody>
        </table>
        <p className="text-sm text-slate-600">{t("public.compensatory.note")}</p>
      </section>
    </>
  );
}

export const ErrorBoundary = PageErrorBoundary;
