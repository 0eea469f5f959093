import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { formatPercent, secondsUntil } from "../../investor.server";
import { investing } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { Pager, ProgressBar, ReadinessSteps, RiskBadge, TimeLeft } from "../../components/investor";
import type { MessageKey } from "../../i18n/messages";
import type { InvestSort, TermBucket } from "../../../services/investing";
import type { RepaymentMethod, RiskLevel } from "../../../services/lending";
import { optionalUser } from "../../guard.server";
import { REPAYMENT_METHODS, RISK_LEVELS } from "../../../db/enums";
import { PLAIN_HTML } from "../../route-handle";

const RATE_OPTIONS = ["0.06", "0.08", "0.10", "0.12"];
const RATE_PERCENT: Record<string, string> = { "0.06": "6", "0.08": "8", "0.10": "10", "0.12": "12" };
const LEFT_OPTIONS = ["1000", "5000", "10000"];

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await optionalUser(request, params, { reads: "replica" });
  const url = new URL(request.url);
  const q = url.searchParams;
  const filters = {
    minRate: pick(q.get("rate"), RATE_OPTIONS),
    term: pick<TermBucket>(q.get("term"), investing.TERM_BUCKETS),
    method: pick<RepaymentMethod>(q.get("method"), REPAYMENT_METHODS),
    risk: pick<RiskLevel>(q.get("risk"), RISK_LEVELS),
    minLeft: pick(q.get("left"), LEFT_OPTIONS),
  };
  const sort = pick<InvestSort>(q.get("sort"), investing.INVEST_SORTS) ?? "newest";
  const page = Number.parseInt(q.get("page") ?? "1", 10) || 1;
  const now = new Date();
  const list = await investing.listInvestableLoans(db, { operatorId: operator.id, filters, sort, page, now });
  const status = session ? await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id, now }) : null;
  return {
    base: `/o/${operator.slug}`,
    signedIn: !!session,
    ready: status?.ready ?? false,
    registered: !!status?.profile,
    risk: status?.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    filters,
    sort,
    anyFilter: Object.values(filters).some(Boolean),
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    items: list.items.map((item) => ({
      id: item.id,
      titleZh: item.titleZh,
      productNameZh: item.productNameZh,
      productNameEn: item.productNameEn,
      ratePercent: formatPercent(item.annualRate),
      termMonths: item.termMonths,
      method: item.method,
      riskLevel: item.riskLevel,
      amount: item.amount,
      left: item.left,
      progressPercent: item.progressPercent,
      minInvestment: item.minInvestment,
      secondsLeft: secondsUntil(item.fundingDeadline, now),
    })),
  };
}

function Select({ name, label, value, options }: { name: string; label: string; value: string | null; options: Array<[string, string]> }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className="field-input">
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function InvestList() {
  const data = useLoaderData<typeof loader>();
  const { t, money, locale } = useI18n();
  const { search } = useLocation();
  const any = t("invest.filter.any");
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("invest.list.title")}</h1>
        {data.ready ? (
          <Link to={`${data.base}/me/wallet`} className="text-sm font-medium text-brand underline">
            {t("nav.wallet")}
          </Link>
        ) : null}
      </div>
      {!data.signedIn ? (
        <p className="card text-slate-600">
          {t("invest.list.signInLead")}{" "}
          <Link to={`${data.base}/login?returnTo=${encodeURIComponent(`${data.base}/invest`)}`} className="font-medium text-brand underline">
            {t("nav.signIn")}
          </Link>
        </p>
      ) : !data.ready ? (
        <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} />
      ) : null}

      <details className="card" open={data.anyFilter}>
        <summary className="cursor-pointer font-medium">
          {t("invest.filter.title")}
          {data.anyFilter ? <span className="ml-2 text-sm text-brand">· {t("invest.filter.active")}</span> : null}
        </summary>
        <Form method="get" className="mt-3 grid grid-cols-2 gap-3" data-testid="invest-filters">
          <Select name="rate" label={t("invest.filter.rate")} value={data.filters.minRate} options={[["", any], ...RATE_OPTIONS.map((r): [string, string] => [r, t("invest.filter.rateAtLeast", { rate: RATE_PERCENT[r]! })])]} />
          <Select
            name="term"
            label={t("invest.filter.term")}
            value={data.filters.term}
            options={[["", any], ["le6", t("invest.term.le6")], ["7to12", t("invest.term.7to12")], ["gt12", t("invest.term.gt12")]]}
          />
          <Select
            name="method"
            label={t("invest.filter.method")}
            value={data.filters.method}
            options={[["", any], ...REPAYMENT_METHODS.map((m): [string, string] => [m, t(`method.${m}` as MessageKey)])]}
          />
          <Select
            name="risk"
            label={t("invest.filter.risk")}
            value={data.filters.risk}
            options={[["", any], ...RISK_LEVELS.map((r): [string, string] => [r, t(`risk.level.${r}` as MessageKey)])]}
          />
          <Select name="left" label={t("invest.filter.left")} value={data.filters.minLeft} options={[["", any], ...LEFT_OPTIONS.map((v): [string, string] => [v, t("invest.filter.leftAtLeast", { amount: money(v) })])]} />
          <Select
            name="sort"
            label={t("invest.sort")}
            value={data.sort}
            options={(["newest", "rate_desc", "term_asc", "left_asc", "deadline_asc"] as const).map((s): [string, string] => [s, t(`invest.sort.${s}` as MessageKey)])}
          />
          <div className="col-span-2 flex gap-2">
            <button type="submit" className="btn-primary flex-1">
              {t("invest.filter.apply")}
            </button>
            <Link to="?" className="btn-secondary flex-1">
              {t("invest.filter.reset")}
            </Link>
          </div>
        </Form>
      </details>

      <p className="text-sm text-slate-600" data-testid="invest-count">
        {t("invest.list.count", { count: data.total })}
      </p>
      {data.items.length === 0 ? (
        <p className="card text-slate-500">{t("invest.list.empty")}</p>
      ) : (
        <ul className="space-y-3" data-testid="invest-list">
          {data.items.map((item) => (
            <li key={item.id}>
              <Link to={`${data.base}/invest/loans/${item.id}`} className="card block space-y-3 hover:border-brand" data-testid="loan-card">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h2 className="font-semibold" data-testid="loan-title">
                      {item.titleZh}
                    </h2>
                    <p className="text-sm text-slate-500">
                      {locale === "zh-CN" ? item.productNameZh : item.productNameEn} · {t(`method.${item.method}` as MessageKey)}
                    </p>
                  </div>
                  <RiskBadge level={item.riskLevel} />
                </div>
                <div className="grid grid-cols-3 gap-2 text-center">
                  <div>
                    <p className="text-xl font-bold text-brand" data-testid="loan-rate">
                      {item.ratePercent}
                    </p>
                    <p className="text-xs text-slate-500">{t("invest.rate")}</p>
                  </div>
                  <div>
                    <p className="text-xl font-semibold">{t("invest.months", { months: item.termMonths })}</p>
                    <p className="text-xs text-slate-500">{t("invest.term")}</p>
                  </div>
                  <div>
                    <p className="text-base font-semibold">
                      <Money amount={item.amount} />
                    </p>
                    <p className="text-xs text-slate-500">{t("invest.amount")}</p>
                  </div>
                </div>
                <ProgressBar percent={item.progressPercent} />
                <div className="flex flex-wrap justify-between gap-x-3 text-sm text-slate-600">
                  <span data-testid="loan-left">
                    {t("invest.left")} <Money amount={item.left} className="font-medium text-slate-900" />
                  </span>
                  <span>
                    {t("invest.timeLeft")} <TimeLeft seconds={item.secondsLeft} />
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager page={data.page} pageCount={data.pageCount} search={search} />
      <p className="text-xs text-slate-500">{t("home.risk")}</p>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
