import { Link } from "@remix-run/react";
import { useI18n } from "./i18n";
import type { MessageKey } from "../i18n/messages";

/** Funding progress: a bar and the whole percent. */
export function ProgressBar({ percent, label }: { percent: number; label?: string }) {
  const { t } = useI18n();
  const value = Math.max(0, Math.min(100, percent));
  return (
    <div className="flex items-center gap-2">
      <div
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-label={label ?? t("invest.progress")}
      >
        <div className="h-full rounded-full bg-brand" style={{ width: `${value}%` }} />
      </div>
      <span className="w-10 text-right text-xs tabular-nums text-slate-600">{value}%</span>
    </div>
  );
}

const RISK_STYLE: Record<string, string> = {
  low: "bg-green-50 text-green-800",
  medium: "bg-amber-50 text-amber-900",
  high: "bg-red-50 text-red-800",
};

export function RiskBadge({ level }: { level: string }) {
  const { t } = useI18n();
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${RISK_STYLE[level] ?? ""}`}>{t(`risk.level.${level}` as MessageKey)}</span>;
}

/** "3 天 5 小时" / "5 小时 12 分" / "已截止", from seconds computed by the loader. */
export function TimeLeft({ seconds }: { seconds: number }) {
  const { t } = useI18n();
  if (seconds <= 0) return <span>{t("invest.timeLeft.closed")}</span>;
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.max(1, Math.floor((seconds % 3600) / 60));
  return <span>{days > 0 ? t("invest.timeLeft.days", { days, hours }) : t("invest.timeLeft.hours", { hours, minutes })}</span>;
}

export function StatusBadge({ tone, children, testId }: { tone: "green" | "amber" | "slate" | "red" | "blue"; children: React.ReactNode; testId?: string }) {
  const styles = {
    green: "bg-green-50 text-green-800",
    amber: "bg-amber-50 text-amber-900",
    slate: "bg-slate-100 text-slate-700",
    red: "bg-red-50 text-red-800",
    blue: "bg-sky-50 text-sky-800",
  };
  return (
    <span className={`inline-block shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${styles[tone]}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function Notice({ tone = "green", children, testId }: { tone?: "green" | "amber" | "red"; children: React.ReactNode; testId?: string }) {
  const styles = { green: "bg-green-50 text-green-800", amber: "bg-amber-50 text-amber-900", red: "bg-red-50 text-red-800" };
  return (
    <p className={`rounded-lg p-3 text-sm font-medium ${styles[tone]}`} role="status" data-testid={testId}>
      {children}
    </p>
  );
}

/** The investor's two steps before lending, with where each stands. */
export function ReadinessSteps({ base, registered, risk }: { base: string; registered: boolean; risk: null | { grade: string; expired: boolean } }) {
  const { t } = useI18n();
  const riskDone = !!risk && !risk.expired;
  return (
    <section className="card space-y-3" data-testid="readiness">
      <h2 className="font-semibold">{t("invest.ready.title")}</h2>
      <ol className="space-y-2">
        <li className="flex items-center justify-between gap-2">
          <span>1. {t("invest.ready.realName")}</span>
          {registered ? (
            <StatusBadge tone="green">{t("invest.ready.done")}</StatusBadge>
          ) : (
            <Link to={`${base}/invest/register`} className="btn-primary min-h-9 px-3 py-1 text-sm">
              {t("invest.ready.go")}
            </Link>
          )}
        </li>
        <li className="flex items-center justify-between gap-2">
          <span>2. {t("invest.ready.risk")}</span>
          {riskDone ? (
            <StatusBadge tone="green">{t(`risk.grade.${risk!.grade}` as MessageKey)}</StatusBadge>
          ) : (
            <Link to={`${base}/invest/risk`} className="btn-primary min-h-9 px-3 py-1 text-sm">
              {risk?.expired ? t("invest.ready.redo") : t("invest.ready.go")}
            </Link>
          )}
        </li>
      </ol>
    </section>
  );
}

/** Previous / next page links keeping the other query parameters. */
export function Pager({ page, pageCount, search }: { page: number; pageCount: number; search: string }) {
  const { t } = useI18n();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(p));
    return `?${params.toString()}`;
  };
  return (
    <nav className="flex items-center justify-between gap-2" aria-label={t("invest.pager")}>
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary" rel="prev">
          {t("invest.pager.prev")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-600">{t("invest.pager.of", { page, pageCount })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className="btn-secondary" rel="next" data-testid="next-page">
          {t("invest.pager.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
