import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, validateForm } from "../../forms.server";
import { topUpForm } from "../../investor-forms.server";
import { newFormKey, stripeSetup } from "../../investor.server";
import { beijingDate } from "../../finance.server";
import { investing, ledger } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { ReadinessSteps, StatusBadge } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  const wallet = await investing.getWallet(db, { operatorId: operator.id, userId: session.user.id });
  const topUps = await investing.listMyTopUps(db, { operatorId: operator.id, userId: session.user.id, limit: 10 });
  const today = beijingDate();
  return {
    base: `/o/${operator.slug}`,
    registered: !!status.profile,
    risk: status.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    ready: status.ready,
    cardConfigured: !!stripeSetup(),
    formKey: newFormKey(),
    wallet: { available: ledger.formatCny(wallet.availableCny), reserved: ledger.formatCny(wallet.reservedCny), held: ledger.formatCny(wallet.heldCny), cash: ledger.formatCny(wallet.cashCny) },
    topUps: topUps.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    statementFrom: `${today.slice(0, 8)}01`,
    statementTo: today,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const parsed = validateForm(topUpForm, form);
  if (!parsed.ok) return { errors: parsed.errors, amount: String(form.get("amount") ?? "").slice(0, 30) };
  const { amount, idempotencyKey } = parsed.data;
  const stripe = stripeSetup();
  if (!stripe) return { errors: { _form: { key: "error.topup.card_not_configured" } }, amount };
  const origin = new URL(request.url).origin;
  const base = `${origin}/o/${operator.slug}/me/top-ups`;
  try {
    const { topUp } = await investing.startCardTopUp(db, stripe.checkout, {
      operatorId: operator.id,
      userId: session.user.id,
      amount,
      idempotencyKey,
      successUrl: (id) => `${base}/${id}?from=checkout`,
      cancelUrl: (id) => `${base}/${id}?cancelled=1`,
    });
    return redirect(`/o/${operator.slug}/me/top-ups/${topUp.id}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), amount };
  }
}

const TOP_UP_TONE = { open: "amber", succeeded: "green", failed: "red", expired: "slate", refunded: "slate" } as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Wallet() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("wallet.title")}</h1>
      <section className="rounded-xl bg-brand p-5 text-white" data-testid="wallet-balances">
        <p className="text-sm opacity-90">{t("wallet.available")}</p>
        <p className="text-3xl font-bold" data-testid="wallet-available">
          <Money amount={data.wallet.available} />
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="opacity-90">{t("wallet.reserved")}</dt>
            <dd className="font-semibold" data-testid="wallet-reserved">
              <Money amount={data.wallet.reserved} />
            </dd>
          </div>
          <div>
            <dt className="opacity-90">{t("wallet.cash")}</dt>
            <dd className="font-semibold">
              <Money amount={data.wallet.cash} />
            </dd>
          </div>
        </dl>
        <div className="mt-4 grid grid-cols-3 gap-2">
          <a href="#top-up" className="btn bg-white text-brand-dark">
            {t("wallet.topUp")}
          </a>
          <Link to={`${data.base}/me/withdraw`} className="btn bg-white text-brand-dark">
            {t("wallet.withdraw")}
          </Link>
          <Link to={`${data.base}/me/portfolio`} className="btn bg-white text-brand-dark">
            {t("wallet.portfolio")}
          </Link>
        </div>
      </section>

      {!data.ready ? <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} /> : null}

      <section className="card space-y-3" id="top-up">
        <h2 className="text-lg font-semibold">{t("wallet.card.title")}</h2>
        {!data.cardConfigured ? (
          <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="card-not-configured">
            {t("wallet.card.notConfigured")}
          </p>
        ) : !data.registered ? (
          <p className="text-sm text-slate-600">{t("wallet.card.registerFirst")}</p>
        ) : (
          <PostForm className="space-y-3" replace>
            <input type="hidden" name="idempotencyKey" value={data.formKey} />
            <FormError errors={result?.errors} />
            <Field name="amount" label={t("wallet.card.amount")} hint={t("wallet.card.hint")} inputMode="decimal" autoComplete="off" required defaultValue={result?.amount} errors={result?.errors} />
            <button type="submit" className="btn-primary w-full" disabled={busy}>
              {t("wallet.card.submit")}
            </button>
            <p className="text-xs text-slate-500">{t("wallet.card.note")}</p>
          </PostForm>
        )}
        <div className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
          <p className="font-medium">{t("wallet.cash.title")}</p>
          <p>{t("wallet.cash.body")}</p>
        </div>
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("wallet.topUps")}</h2>
        {data.topUps.length === 0 ? (
          <p className="text-sm text-slate-500">{t("wallet.topUps.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="top-ups">
            {data.topUps.map((tu) => (
              <li key={tu.id} className="flex items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="font-medium">
                    <Money amount={tu.amount} /> · {t(`wallet.channel.${tu.channel}` as MessageKey)}
                  </p>
                  <p className="text-xs text-slate-500">
                    {dateTime(tu.createdAt)}
                    {tu.receiptNo ? ` · ${t("wallet.receiptNo", { no: tu.receiptNo })}` : ""}
                  </p>
                </div>
                {tu.channel === "card" ? (
                  <Link to={`${data.base}/me/top-ups/${tu.id}`}>
                    <StatusBadge tone={TOP_UP_TONE[tu.status]}>{t(`topup.status.${tu.status}` as MessageKey)}</StatusBadge>
                  </Link>
                ) : (
                  <StatusBadge tone="green">{t("topup.status.succeeded")}</StatusBadge>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("wallet.statement.title")}</h2>
        <form method="get" action={`${data.base}/me/statement.csv`} className="grid grid-cols-2 gap-2">
          <div className="space-y-1">
            <label htmlFor="statement-from" className="block text-sm font-medium">
              {t("wallet.statement.from")}
            </label>
            <input id="statement-from" name="from" type="date" defaultValue={data.statementFrom} className="field-input" />
          </div>
          <div className="space-y-1">
            <label htmlFor="statement-to" className="block text-sm font-medium">
              {t("wallet.statement.to")}
            </label>
            <input id="statement-to" name="to" type="date" defaultValue={data.statementTo} className="field-input" />
          </div>
          <button type="submit" className="btn-secondary col-span-2" data-testid="statement-csv">
            {t("wallet.statement.download")}
          </button>
        </form>
        <Link to={`${data.base}/me/annual-statement`} className="btn-secondary w-full" data-testid="annual-statement-link">
          {t("annual.link")}
        </Link>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
