import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { smsSenderFor } from "../../sms.server";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, orBadRequest, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { investForm } from "../../investor-forms.server";
import { newFormKey, formatPercent, secondsUntil } from "../../investor.server";
import { investing, ledger } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { ProgressBar, ReadinessSteps, RiskBadge, StatusBadge, TimeLeft } from "../../components/investor";
import type { MessageKey } from "../../i18n/messages";
import { optionalUser, requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await optionalUser(request, params, { reads: "replica" });
  const now = new Date();
  const d = await orBadRequest(investing.getLoanDisclosure(db, { operatorId: operator.id, loanId: params.loanId ?? "" }));
  const status = session ? await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id, now }) : null;
  const wallet = session && status?.profile ? await investing.getWallet(db, { operatorId: operator.id, userId: session.user.id }) : null;
  const open = d.loan.status === "funding" && d.loan.fundingDeadline.getTime() > now.getTime();
  return {
    base: `/o/${operator.slug}`,
    loan: {
      id: d.loan.id,
      titleZh: d.loan.titleZh,
      status: d.loan.status,
      open,
      productNameZh: d.productNameZh,
      productNameEn: d.productNameEn,
      purpose: d.loan.purpose,
      amount: d.loan.amount,
      left: d.left,
      progressPercent: d.progressPercent,
      ratePercent: formatPercent(d.loan.annualRate),
      feePercent: formatPercent(d.loan.serviceFeeRate, 0),
      termMonths: d.loan.termMonths,
      method: d.loan.method,
      riskLevel: d.loan.riskLevel,
      minInvestment: d.loan.minInvestment,
      investmentStep: d.loan.investmentStep,
      secondsLeft: secondsUntil(d.loan.fundingDeadline, now),
      listedAt: d.loan.listedAt.toISOString(),
    },
    borrower: d.borrower,
    creditSummary: d.creditSummary,
    otherLoans: d.otherLoans,
    schedule: d.schedule,
    signedIn: !!session,
    registered: !!status?.profile,
    risk: status?.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    ready: status?.ready ?? false,
    available: wallet ? ledger.formatCny(wallet.availableCny) : null,
    agreements: investing.INVESTOR_AGREEMENTS.map((a) => ({ code: a.code, titleZh: a.titleZh, titleEn: a.titleEn })),
  };
}

type ActionResult =
  | { step: "confirm"; amount: string; key: string; returns: { principal: string; interest: string; total: string; firstDue: Array<{ n: number; principal: string; interest: string; total: string }> } }
  | { step: "amount"; errors: FieldErrors; amount: string };

export async function action({ request, params, context }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const parsed = validateForm(investForm, form);
  if (!parsed.ok) return { step: "amount", errors: parsed.errors, amount: "" };
  const { amount, intent, idempotencyKey } = parsed.data;
  const loanId = params.loanId ?? "";
  try {
    if (intent === "confirm") {
      await investing.invest(db, { operatorId: operator.id, investorUserId: session.user.id, loanId, amount, idempotencyKey: idempotencyKey ?? "", notify: smsSenderFor });
      return redirect(`/o/${operator.slug}/me/portfolio?invested=${encodeURIComponent(loanId)}`);
    }
    const preview = await investing.previewInvestment(db, { operatorId: operator.id, investorUserId: session.user.id, loanId, amount });
    return {
      step: "confirm",
      amount: preview.amount,
      key: newFormKey(),
      returns: { ...preview.returns.totals, firstDue: preview.returns.installments.slice(0, 3) },
    };
  } catch (error) {
    return { step: "amount", errors: domainErrorToFieldErrors(error), amount };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function LoanPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, date, locale, money } = useI18n();
  const { loan } = data;
  const [searchParams] = useSearchParams();
  const errors = result?.step === "amount" ? result.errors : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`${data.base}/invest`} className="text-sm text-brand underline">
        ← {t("invest.list.title")}
      </Link>
      <section className="card space-y-3">
        <div className="flex items-start justify-between gap-2">
          <div>
            <h1 className="text-xl font-bold" data-testid="loan-heading">
              {loan.titleZh}
            </h1>
            <p className="text-sm text-slate-500">
              {locale === "zh-CN" ? loan.productNameZh : loan.productNameEn} · {t(`purpose.${loan.purpose}` as MessageKey)}
            </p>
          </div>
          <RiskBadge level={loan.riskLevel} />
        </div>
        <div className="grid grid-cols-3 gap-2 text-center">
          <div>
            <p className="text-2xl font-bold text-brand">{loan.ratePercent}</p>
            <p className="text-xs text-slate-500">{t("invest.rate")}</p>
          </div>
          <div>
            <p className="text-xl font-semibold">{t("invest.months", { months: loan.termMonths })}</p>
            <p className="text-xs text-slate-500">{t("invest.term")}</p>
          </div>
          <div>
            <p className="text-base font-semibold">
              <Money amount={loan.amount} />
            </p>
            <p className="text-xs text-slate-500">{t("invest.amount")}</p>
          </div>
        </div>
        <ProgressBar percent={loan.progressPercent} />
        <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("invest.left")}</dt>
          <dd className="text-right font-medium" data-testid="loan-left">
            <Money amount={loan.left} />
          </dd>
          <dt className="text-slate-500">{t("invest.method")}</dt>
          <dd className="text-right">{t(`method.${loan.method}` as MessageKey)}</dd>
          <dt className="text-slate-500">{t("invest.rules")}</dt>
          <dd className="text-right">{t("invest.rulesValue", { min: money(loan.minInvestment), step: money(loan.investmentStep) })}</dd>
          <dt className="text-slate-500">{t("invest.fee")}</dt>
          <dd className="text-right">{t("invest.feeValue", { fee: loan.feePercent })}</dd>
          <dt className="text-slate-500">{t("invest.timeLeft")}</dt>
          <dd className="text-right">{loan.open ? <TimeLeft seconds={loan.secondsLeft} /> : <StatusBadge tone="slate">{t(`loan.status.${loan.status}` as MessageKey)}</StatusBadge>}</dd>
        </dl>
      </section>

      <section className="card space-y-3" id="invest">
        <h2 className="text-lg font-semibold">{t("invest.form.title")}</h2>
        {!loan.open ? (
          <p className="text-slate-600">{t("invest.form.closed")}</p>
        ) : !data.signedIn ? (
          <Link to={`${data.base}/login?returnTo=${encodeURIComponent(`${data.base}/invest/loans/${loan.id}`)}`} className="btn-primary w-full">
            {t("invest.form.signIn")}
          </Link>
        ) : !data.ready ? (
          <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} />
        ) : result?.step === "confirm" ? (
          <div className="space-y-3" data-testid="invest-confirm">
            <p>
              {t("invest.confirm.lead")} <Money amount={result.amount} className="font-semibold" />
            </p>
            <dl className="grid grid-cols-2 gap-y-1 rounded-lg bg-brand-soft p-3 text-sm">
              <dt>{t("invest.confirm.interest")}</dt>
              <dd className="text-right font-semibold" data-testid="expected-interest">
                <Money amount={result.returns.interest} />
              </dd>
              <dt>{t("invest.confirm.total")}</dt>
              <dd className="text-right font-semibold">
                <Money amount={result.returns.total} />
              </dd>
            </dl>
            <p className="text-xs text-slate-500">{t("invest.confirm.note", { fee: loan.feePercent })}</p>
            <PostForm replace>
              <input type="hidden" name="amount" value={result.amount} />
              <input type="hidden" name="idempotencyKey" value={result.key} />
              <div className="flex gap-2">
                <Link to={`?amount=${encodeURIComponent(result.amount)}#invest`} className="btn-secondary flex-1">
                  {t("invest.confirm.change")}
                </Link>
                <button type="submit" name="intent" value="confirm" className="btn-primary flex-1" disabled={busy}>
                  {t("invest.confirm.submit")}
                </button>
              </div>
            </PostForm>
          </div>
        ) : (
          <PostForm className="space-y-3" replace>
            <p className="text-sm text-slate-600">
              {t("invest.form.available")} <Money amount={data.available ?? "0"} className="font-semibold text-slate-900" />{" "}
              <Link to={`${data.base}/me/wallet`} className="text-brand underline">
                {t("wallet.topUp")}
              </Link>
            </p>
            <FormError errors={errors} />
            <Field
              name="amount"
              label={t("invest.form.amount")}
              hint={t("invest.form.hint", { min: money(loan.minInvestment), step: money(loan.investmentStep), left: money(loan.left) })}
              inputMode="decimal"
              autoComplete="off"
              required
              defaultValue={result?.step === "amount" ? result.amount : (searchParams.get("amount") ?? "")}
              errors={errors}
            />
            <button type="submit" name="intent" value="preview" className="btn-primary w-full" disabled={busy}>
              {t("invest.form.next")}
            </button>
          </PostForm>
        )}
      </section>

      <section className="card space-y-2" data-testid="disclosure">
        <h2 className="text-lg font-semibold">{t("invest.disclosure.title")}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("invest.disclosure.borrower")}</dt>
          <dd>
            {data.borrower.nameMasked} · {data.borrower.phoneMasked}
          </dd>
          <dt className="text-slate-500">{t("invest.disclosure.region")}</dt>
          <dd>{data.borrower.regionZh}</dd>
          <dt className="text-slate-500">{t("invest.disclosure.purpose")}</dt>
          <dd>{t(`purpose.${loan.purpose}` as MessageKey)}</dd>
          <dt className="text-slate-500">{t("invest.disclosure.credit")}</dt>
          <dd>{data.creditSummary ? `${data.creditSummary.grade} · ${data.creditSummary.notesZh.join("；")}` : t("invest.disclosure.creditPending")}</dd>
          <dt className="text-slate-500">{t("invest.disclosure.otherLoans")}</dt>
          <dd>
            {data.otherLoans.count === 0 ? t("invest.disclosure.none") : t("invest.disclosure.otherLoansValue", { count: data.otherLoans.count, amount: money(data.otherLoans.totalAmount) })}
          </dd>
        </dl>
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("invest.schedule.title")}</h2>
        <p className="text-xs text-slate-500">{t("invest.schedule.lead")}</p>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="schedule">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-1 pr-2 font-medium">{t("invest.schedule.n")}</th>
                <th className="py-1 pr-2 text-right font-medium">{t("invest.schedule.principal")}</th>
                <th className="py-1 pr-2 text-right font-medium">{t("invest.schedule.interest")}</th>
                <th className="py-1 text-right font-medium">{t("invest.schedule.payment")}</th>
              </tr>
            </thead>
            <tbody>
              {data.schedule.installments.map((i) => (
                <tr key={i.n} className="border-b border-slate-100">
                  <td className="py-1 pr-2">{i.dueDate ? date(i.dueDate) : i.n}</td>
                  <td className="py-1 pr-2 text-right"><Money amount={i.principal} /></td>
                  <td className="py-1 pr-2 text-right"><Money amount={i.interest} /></td>
                  <td className="py-1 text-right"><Money amount={i.payment} /></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-semibold">
                <td className="py-1 pr-2">{t("invest.schedule.total")}</td>
                <td className="py-1 pr-2 text-right"><Money amount={data.schedule.totals.principal} /></td>
                <td className="py-1 pr-2 text-right"><Money amount={data.schedule.totals.interest} /></td>
                <td className="py-1 text-right"><Money amount={data.schedule.totals.payment} /></td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("invest.agreements.title")}</h2>
        <ul className="list-inside list-disc text-sm">
          {data.agreements.map((a) => (
            <li key={a.code}>
              <Link to={`${data.base}/invest/agreements/${a.code}`} className="text-brand underline">
                {locale === "zh-CN" ? a.titleZh : a.titleEn}
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-xs text-slate-500">{t("home.risk")}</p>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
