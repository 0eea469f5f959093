import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { CancelInvestmentForm } from "../../components/self-service";
import { formatPercent } from "../../investor.server";
import { investing, transfers } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, ReadinessSteps, RiskBadge, StatusBadge } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, undefined, { reads: "replica" });
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  const p = await investing.getPortfolio(db, { operatorId: operator.id, userId: session.user.id });
  return {
    base: `/o/${operator.slug}`,
    registered: !!status.profile,
    risk: status.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    ready: status.ready,
    wallet: p.wallet,
    totals: p.totals,
    xirrPercent: p.xirr ? formatPercent(p.xirr) : null,
    holdings: p.holdings.map((h) => ({ ...h, ratePercent: formatPercent(h.annualRate), pendingInvestments: h.pendingInvestments.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) })),
    received: p.received.map((r) => ({ ...r, at: r.at.toISOString() })),
    voided: p.voided.map((v) => ({ ...v, resolvedAt: v.resolvedAt?.toISOString() ?? null })),
    transfers: (await transfers.listMyTransfers(db, { operatorId: operator.id, userId: session.user.id })).map((x) => ({ ...x, listedAt: x.listedAt.toISOString(), expiresAt: x.expiresAt.toISOString(), soldAt: x.soldAt?.toISOString() ?? null })),
  };
}

/** The investor cancels a pending investment (撤销出借) while its loan is still funding; one service call. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const investmentId = String(form.get("investmentId") ?? "");
  if (form.get("intent") !== "cancelInvestment") throw new Response("Unknown intent", { status: 400 });
  try {
    await investing.cancelInvestment(db, { operatorId: operator.id, investorUserId: session.user.id, investmentId });
    return redirect(`/o/${operator.slug}/me/portfolio?cancelled=1`);
  } catch (error) {
    return { investmentId: investmentId.slice(0, 40), errors: domainErrorToFieldErrors(error) };
  }
}

const STATUS_TONE = { funding: "amber", funded: "blue", disbursing: "blue", disbursed: "green", closed: "slate", failed: "red" } as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Portfolio() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, date, locale, money } = useI18n();
  const stat = (label: string, amount: string, testId?: string) => (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        <Money amount={amount} />
      </dd>
    </div>
  );
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("portfolio.title")}</h1>
      {search.get("invested") ? <Notice testId="invested-notice">{t("portfolio.invested")}</Notice> : null}
      {search.get("bought") ? <Notice testId="bought-notice">{t("transfer.boughtNotice")}</Notice> : null}
      {search.get("cancelled") && !refused ? <Notice testId="cancelled-notice">{t("portfolio.cancelled")}</Notice> : null}
      {!data.ready ? <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} /> : null}

      <section className="card space-y-3" data-testid="portfolio-totals">
        <div className="flex items-end justify-between gap-2">
          <div>
            <p className="text-sm text-slate-500">{t("portfolio.totalAssets")}</p>
            <p className="text-3xl font-bold">
              <Money amount={data.totals.totalAssets} />
            </p>
          </div>
          <div className="text-right">
            <p className="text-sm text-slate-500">{t("portfolio.xirr")}</p>
            <p className="text-xl font-bold text-brand" data-testid="portfolio-xirr">
              {data.xirrPercent ?? "—"}
            </p>
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {stat(t("wallet.available"), data.wallet.available)}
          {stat(t("wallet.reserved"), data.wallet.reserved)}
          {stat(t("portfolio.outstanding"), data.totals.outstandingPrincipal, "portfolio-outstanding")}
          {stat(t("portfolio.expectedInterest"), data.totals.expectedInterest, "portfolio-expected-interest")}
          {stat(t("portfolio.receivedInterest"), data.totals.receivedInterest)}
          {stat(t("portfolio.receivedPrincipal"), data.totals.receivedPrincipal)}
        </dl>
        <p className="text-xs text-slate-500">{data.xirrPercent ? t("portfolio.xirrNote") : t("portfolio.xirrNotYet")}</p>
        <div className="flex gap-2">
          <Link to={`${data.base}/invest`} className="btn-primary flex-1">
            {t("portfolio.more")}
          </Link>
          <Link to={`${data.base}/me/wallet`} className="btn-secondary flex-1">
            {t("nav.wallet")}
          </Link>
        </div>
        <Link to={`${data.base}/me/auto-invest`} className="btn-secondary w-full" data-testid="auto-invest-link">
          {t("portfolio.autoInvestLink")}
        </Link>
        <Link to={`${data.base}/invest/transfers`} className="btn-secondary w-full" data-testid="transfer-market-link">
          {t("transfer.marketLink")}
        </Link>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("portfolio.holdings")}</h2>
        {data.holdings.length === 0 ? (
          <p className="card text-slate-500">{t("portfolio.noHoldings")}</p>
        ) : (
          <ul className="space-y-3" data-testid="holdings">
            {data.holdings.map((h) => (
              <li key={h.loanId} className="card space-y-2" data-testid="holding">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <Link to={`${data.base}/invest/loans/${h.loanId}`} className="font-semibold underline-offset-2 hover:underline">
                      {h.titleZh}
                    </Link>
                    <p className="text-sm text-slate-500">
                      {locale === "zh-CN" ? h.productNameZh : h.productNameEn} · {h.ratePercent} · {t("invest.months", { months: h.termMonths })}
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-1">
                    {h.overdueDays !== null ? (
                      <StatusBadge tone="red" testId="holding-status">
                        {t("portfolio.overdueDays", { days: h.overdueDays })}
                      </StatusBadge>
                    ) : (
                      <StatusBadge tone={STATUS_TONE[h.loanStatus]} testId="holding-status">
                        {t(`loan.status.${h.loanStatus}` as MessageKey)}
                      </StatusBadge>
                    )}
                    <RiskBadge level={h.riskLevel} />
                  </div>
                </div>
                <dl className="grid grid-cols-2 gap-2 text-sm">
                  <div>
                    <dt className="text-slate-500">{t("portfolio.principal")}</dt>
                    <dd className="font-medium" data-testid="holding-principal">
                      <Money amount={h.principal} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">{t("portfolio.outstanding")}</dt>
                    <dd className="font-medium" data-testid="holding-outstanding">
                      <Money amount={h.outstandingPrincipal} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">{t("portfolio.expectedInterest")}</dt>
                    <dd className="font-medium" data-testid="holding-expected-interest">
                      <Money amount={h.expectedInterest} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">{t("portfolio.receivedInterest")}</dt>
                    <dd className="font-medium" data-testid="holding-received-interest">
                      <Money amount={h.receivedInterest} />
                    </dd>
                  </div>
                </dl>
                {h.byRules.length > 0 ? (
                  <ul className="flex flex-wrap gap-2" data-testid="holding-auto">
                    {h.byRules.map((r) => (
                      <li key={r.investmentId}>
                        <StatusBadge tone="blue">
                          {t("portfolio.byRule", { rule: r.ruleName })} · {money(r.amount)}
                        </StatusBadge>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <div className="flex flex-wrap items-center justify-between gap-2">
                  {h.investmentCount > 0 ? (
                    <p className="flex flex-wrap gap-x-4 gap-y-1">
                      <a href={`${data.base}/me/holdings/${h.loanId}/certificate.pdf`} className="text-sm text-brand underline" data-testid="investment-certificate" download>
                        {t("portfolio.certificate")}
                      </a>
                      <a href={`${data.base}/me/holdings/${h.loanId}/contract.pdf`} className="text-sm text-brand underline" data-testid="investor-contract" download>
                        {t("portfolio.contract")}
                      </a>
                    </p>
                  ) : (
                    <span />
                  )}
                  {h.loanStatus === "disbursed" && h.overdueDays === null && h.outstandingPrincipal !== "0.00" ? (
                    <Link to={`${data.base}/me/holdings/${h.loanId}/transfer`} className="btn-secondary" data-testid="holding-transfer">
                      {t("transfer.link")}
                    </Link>
                  ) : null}
                </div>
                {h.pending ? <p className="text-xs text-slate-500">{t("portfolio.pendingNote")}</p> : null}
                {h.pendingInvestments.map((i) => (
                  <CancelInvestmentForm key={i.id} investment={i} errors={refused?.investmentId === i.id ? refused.errors : undefined} />
                ))}
                {h.expected.length > 0 ? (
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-brand">{t("portfolio.expected")}</summary>
                    <table className="mt-2 w-full text-sm" data-testid="expected-schedule">
                      <thead>
                        <tr className="border-b border-slate-200 text-left text-slate-500">
                          <th className="py-1 pr-2 font-medium">{t("invest.schedule.n")}</th>
                          <th className="py-1 pr-2 text-right font-medium">{t("invest.schedule.principal")}</th>
                          <th className="py-1 pr-2 text-right font-medium">{t("portfolio.netInterest")}</th>
                          <th className="py-1 text-right font-medium">{t("invest.schedule.payment")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {h.expected.map((i) => (
                          <tr key={i.n} className="border-b border-slate-100">
                            <td className="py-1 pr-2">{i.dueDate ? date(i.dueDate) : t("portfolio.installment", { n: i.n })}</td>
                            <td className="py-1 pr-2 text-right"><Money amount={i.principal} /></td>
                            <td className="py-1 pr-2 text-right"><Money amount={i.interest} /></td>
                            <td className="py-1 text-right"><Money amount={i.total} /></td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.transfers.length > 0 ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("transfer.mine.title")}</h2>
          <ul className="divide-y divide-slate-100" data-testid="my-transfers">
            {data.transfers.map((x) => (
              <li key={x.id} className="space-y-1 py-2 text-sm" data-testid="my-transfer">
                <div className="flex justify-between gap-2">
                  <span className="min-w-0">
                    {t(x.side === "sold" ? "transfer.mine.sold" : "transfer.mine.bought")} · {x.titleZh}
                  </span>
                  <StatusBadge tone={x.status === "sold" ? "green" : x.status === "listed" ? "amber" : "slate"}>
                    {t(`transfer.status.${x.status}` as MessageKey)}
                    {x.closeReason ? ` · ${t(`transfer.reason.${x.closeReason}` as MessageKey)}` : ""}
                  </StatusBadge>
                </div>
                <p className="text-slate-600">
                  {t("transfer.mine.principal")} <Money amount={x.principal} />
                  {x.price ? (
                    <>
                      {" · "}
                      {t("transfer.price")} <Money amount={x.price} />
                    </>
                  ) : null}
                  {x.side === "sold" && x.proceeds ? (
                    <>
                      {" · "}
                      {t("transfer.mine.proceeds")} <Money amount={x.proceeds} />
                    </>
                  ) : null}
                  {" · "}
                  {date(x.soldAt ?? x.listedAt)}
                </p>
                {x.status === "sold" ? (
                  <a href={`${data.base}/me/transfers/${x.id}/agreement.pdf`} className="text-brand underline" data-testid="transfer-agreement" download>
                    {t("transfer.agreement")}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("portfolio.received")}</h2>
        {data.received.length === 0 ? (
          <p className="text-sm text-slate-500">{t("portfolio.noReceived")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="received">
            {data.received.map((r) => (
              <li key={r.entryId} className="py-2 text-sm">
                <div className="flex justify-between gap-2">
                  <span className="font-medium">{r.loanTitleZh ?? t("portfolio.unknownLoan")}</span>
                  <Money amount={r.total} className="font-semibold" />
                </div>
                <p className="text-xs text-slate-500">
                  {date(r.at)} · {t("portfolio.breakdown", { principal: money(r.principal), interest: money(r.interest) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.voided.length > 0 ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("portfolio.voided")}</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {data.voided.map((v, i) => (
              <li key={`${v.loanId}-${i}`} className="flex justify-between gap-2 py-2" data-testid="voided">
                <span>
                  {v.titleZh} <span className="text-xs text-slate-500">· {t(v.cancelled ? "portfolio.voided.cancelled" : "portfolio.voided.failed")}</span>
                </span>
                <Money amount={v.amount} />
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500">{t("portfolio.voidedNote")}</p>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
