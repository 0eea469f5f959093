import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { dateParam, endOfBeijingDay, startOfBeijingDay } from "../../finance.server";
import { orBadRequest } from "../../forms.server";
import { ledger } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { LEDGER_CAUSE_TYPES as CAUSE_TYPES } from "../../../db/enums";

type CauseType = (typeof CAUSE_TYPES)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const url = new URL(request.url);
  const get = (name: string) => (url.searchParams.get(name) ?? "").trim();
  const causeType = (CAUSE_TYPES as readonly string[]).includes(get("causeType")) ? (get("causeType") as CauseType) : undefined;
  const from = dateParam(url, "from");
  const to = dateParam(url, "to");
  const accountCode = get("account");
  const account = accountCode ? await ledger.getAccountByCode(db, { operatorId: operator.id, code: accountCode }) : null;
  const filters = {
    causeType: causeType ?? "",
    causeId: get("causeId"),
    kind: get("kind"),
    account: accountCode,
    from: from ?? "",
    to: to ?? "",
    min: ledger.isTypedAmount(get("min")) ? get("min") : "",
    max: ledger.isTypedAmount(get("max")) ? get("max") : "",
  };
  const page =
    accountCode && !account
      ? { entries: [], nextCursor: null }
      : await orBadRequest(
          ledger.searchJournal(db, {
            operatorId: operator.id,
            causeType,
            causeId: filters.causeId || undefined,
            kind: filters.kind || undefined,
            accountId: account?.id,
            from: from ? startOfBeijingDay(from) : null,
            to: to ? endOfBeijingDay(to) : null,
            minAmountCny: filters.min || undefined,
            maxAmountCny: filters.max || undefined,
            cursor: url.searchParams.get("cursor"),
          }),
        );
  return {
    base: `/o/${operator.slug}/finance`,
    filters,
    nextCursor: page.nextCursor,
    entries: page.entries.map((e) => ({
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      kind: e.kind,
      memo: e.memo,
      cause: e.cause,
      amount: ledger.formatCny(e.amountCny),
    })),
  };
}

export default function Journal() {
  const { base, filters, entries, nextCursor } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const field = (name: keyof typeof filters, label: MessageKey, type = "text") => (
    <div className="space-y-1">
      <label htmlFor={`j-${name}`} className="block text-sm font-medium">
        {t(label)}
      </label>
      <input id={`j-${name}`} name={name} type={type} defaultValue={filters[name]} className="field-input" inputMode={name === "min" || name === "max" ? "decimal" : undefined} />
    </div>
  );
  const nextHref = nextCursor ? `?${new URLSearchParams({ ...filters, cursor: nextCursor }).toString()}` : null;
  return (
    <div className="space-y-4">
      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1">
          <label htmlFor="j-causeType" className="block text-sm font-medium">
            {t("finance.cause")}
          </label>
          <select id="j-causeType" name="causeType" defaultValue={filters.causeType} className="field-input">
            <option value="">{t("finance.journal.anyCause")}</option>
            {CAUSE_TYPES.map((c) => (
              <option key={c} value={c}>
                {t(`cause.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        {field("causeId", "finance.journal.causeId")}
        {field("kind", "finance.kind")}
        {field("account", "finance.journal.accountCode")}
        {field("from", "finance.from", "date")}
        {field("to", "finance.to", "date")}
        {field("min", "finance.journal.minAmount")}
        {field("max", "finance.journal.maxAmount")}
        <button type="submit" className="btn-primary sm:col-span-2 lg:col-span-4">
          {t("finance.apply")}
        </button>
      </Form>
      {entries.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <ul className="space-y-2" data-testid="journal-results">
          {entries.map((e) => (
            <li key={e.id}>
              <Link to={`${base}/entries/${e.id}`} className="card block hover:bg-slate-50">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {t(`cause.${e.cause.type}` as MessageKey)} · {e.kind}
                    </p>
                    <p className="text-sm text-slate-500">{dateTime(e.createdAt)}</p>
                    {e.memo ? <p className="truncate text-sm text-slate-600">{e.memo}</p> : null}
                  </div>
                  <Money amount={e.amount} className="shrink-0 font-semibold" />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {nextHref ? (
        <Link to={nextHref} className="btn-secondary">
          {t("finance.nextPage")}
        </Link>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
