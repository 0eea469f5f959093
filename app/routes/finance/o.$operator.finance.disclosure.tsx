import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { loadDisclosure } from "./disclosure.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";

const SECTIONS = ["lending", "balance", "participants", "concentration", "overdue"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, month, monthError, presented, subtitle } = await loadDisclosure(request, params, { reads: "replica" });
  const base = `/o/${operator.slug}/finance/disclosure`;
  const query = `?month=${month}`;
  return { month, monthError, subtitle, rows: presented.rows, trend: presented.trend, csvHref: `${base}.csv${query}`, pdfHref: `${base}.pdf${query}` };
}

type Point = ReturnType<typeof useLoaderData<typeof loader>>["trend"][number];

/** A server-rendered bar chart of the trend: one bar a month, heights 0–1000 of the tallest. */
function BarChart({ title, points, bar, value, testId }: { title: string; points: Point[]; bar: (p: Point) => number; value: (p: Point) => string; testId: string }) {
  const { t } = useI18n();
  const width = 360;
  const height = 150;
  const top = 8;
  const chartHeight = 112;
  const slot = width / Math.max(points.length, 1);
  return (
    <figure className="card space-y-2" data-testid={testId}>
      <figcaption className="font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-label={title}>
        <line x1={0} x2={width} y1={top + chartHeight} y2={top + chartHeight} stroke="#cbd5e1" strokeWidth={1} />
        {points.map((p, i) => {
          const h = (chartHeight * bar(p)) / 1000;
          const x = i * slot;
          return (
            <g key={p.month}>
              <rect x={x + slot * 0.18} y={top + chartHeight - h} width={slot * 0.64} height={Math.max(h, 0)} className="fill-brand" rx={2}>
                <title>{t("disclosure.chart.label", { month: p.month, value: value(p) || t("disclosure.notAvailable") })}</title>
              </rect>
              <text x={x + slot / 2} y={top + chartHeight + 14} textAnchor="middle" fontSize={10} fill="#475569">
                {p.month.slice(5)}
              </text>
              {i === 0 || p.month.endsWith("-01") ? (
                <text x={x + slot / 2} y={top + chartHeight + 27} textAnchor="middle" fontSize={9} fill="#94a3b8">
                  {p.month.slice(0, 4)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export default function Disclosure() {
  const data = useLoaderData<typeof loader>();
  const { t, money } = useI18n();
  const na = t("disclosure.notAvailable");
  const show = (row: (typeof data.rows)[number]) =>
    row.value === "" ? na : row.kind === "money" ? <Money amount={row.value} /> : <span className="tabular-nums">{row.value}</span>;
  return (
    <div className="space-y-4">
      <section className="card space-y-3" aria-labelledby="disclosure-title">
        <h2 id="disclosure-title" className="text-lg font-semibold">
          {t("disclosure.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("disclosure.lead")}</p>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor="disclosure-month" className="block text-sm font-medium">
              {t("disclosure.month")}
            </label>
            <input
              id="disclosure-month"
              name="month"
              type="month"
              defaultValue={data.month}
              pattern="\d{4}-\d{2}"
              placeholder="YYYY-MM"
              aria-invalid={data.monthError ? true : undefined}
              aria-describedby="disclosure-month-hint"
              className="field-input"
            />
            <p id="disclosure-month-hint" className={`text-sm ${data.monthError ? "text-red-700" : "text-slate-500"}`} role={data.monthError ? "alert" : undefined}>
              {data.monthError ? t(data.monthError as MessageKey) : t("disclosure.monthHint")}
            </p>
          </div>
          <button type="submit" className="btn-primary">
            {t("disclosure.show")}
          </button>
        </Form>
        <div className="flex flex-wrap gap-2">
          <a href={data.csvHref} className="btn-secondary" download>
            {t("disclosure.downloadCsv")}
          </a>
          <a href={data.pdfHref} className="btn-secondary" download>
            {t("disclosure.downloadPdf")}
          </a>
        </div>
      </section>

      <section className="card space-y-3" aria-labelledby="disclosure-figures">
        <h2 id="disclosure-figures" className="font-semibold" data-testid="disclosure-subtitle">
          {data.subtitle}
        </h2>
        <table className="w-full text-sm" data-testid="disclosure-figures">
          <caption className="sr-only">{t("disclosure.title")}</caption>
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
                  <tr key={row.key} className="border-b border-slate-100" data-figure={row.key}>
                    <th scope="row" className="py-2 pr-2 text-left font-normal">
                      {t(`disclosure.figure.${row.key}` as MessageKey)}
                    </th>
                    <td className="py-2 text-right whitespace-nowrap">{show(row)}</td>
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <BarChart title={t("disclosure.chart.outstanding")} points={data.trend} bar={(p) => p.outstandingBar} value={(p) => money(p.outstandingPrincipal)} testId="chart-outstanding" />
        <BarChart title={t("disclosure.chart.overdueRate")} points={data.trend} bar={(p) => p.overdueRateBar} value={(p) => p.overdueRateByAmount} testId="chart-overdue-rate" />
      </div>

      <section className="card space-y-2" aria-labelledby="disclosure-trend">
        <h2 id="disclosure-trend" className="font-semibold">
          {t("disclosure.trend.title")}
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-sm whitespace-nowrap">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-2 pr-3 font-medium">{t("disclosure.trend.month")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("disclosure.trend.disbursed")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("disclosure.trend.outstanding")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("disclosure.trend.overdue")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("disclosure.trend.rateByAmount")}</th>
                <th className="py-2 text-right font-medium">{t("disclosure.trend.rateByCount")}</th>
              </tr>
            </thead>
            <tbody>
              {data.trend.map((p) => (
                <tr key={p.month} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    {p.month}
                  </th>
                  <td className="py-2 pr-3 text-right">
                    <Money amount={p.monthDisbursed} />
                  </td>
                  <td className="py-2 pr-3 text-right">
                    <Money amount={p.outstandingPrincipal} />
                  </td>
                  <td className="py-2 pr-3 text-right">
                    <Money amount={p.overdue} />
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{p.overdueRateByAmount || na}</td>
                  <td className="py-2 text-right tabular-nums">{p.overdueRateByCount || na}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <details className="card">
        <summary className="cursor-pointer font-semibold">{t("disclosure.notes.title")}</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600">
          <li>{t("disclosure.note.asOf")}</li>
          <li>{t("disclosure.note.balance")}</li>
          <li>{t("disclosure.note.overdue")}</li>
          <li>{t("disclosure.note.approximation")}</li>
        </ul>
      </details>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
