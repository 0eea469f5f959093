import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { statementRange } from "../../finance.server";
import { orBadRequest } from "../../forms.server";
import { identity, ledger } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance", { reads: "replica" });
  const url = new URL(request.url);
  const range = statementRange(url);
  const accountId = params.accountId ?? "";
  const account = await orBadRequest(ledger.getAccount(db, { operatorId: operator.id, accountId }));
  const [statement, balance] = await Promise.all([
    orBadRequest(ledger.getStatement(db, { operatorId: operator.id, accountId, from: range.from, to: range.to, cursor: range.cursor })),
    ledger.getBalance(db, { operatorId: operator.id, accountId }),
  ]);
  const owner = account.ownerUserId ? (await identity.getUsersByIds(db, operator.id, [account.ownerUserId])).get(account.ownerUserId) : undefined;
  const filter = new URLSearchParams();
  if (range.fromDate) filter.set("from", range.fromDate);
  if (range.toDate) filter.set("to", range.toDate);
  return {
    base: `/o/${operator.slug}/finance`,
    fromDate: range.fromDate ?? "",
    toDate: range.toDate ?? "",
    filterQuery: filter.toString(),
    firstPage: !range.cursor,
    nextCursor: statement.nextCursor,
    account: {
      id: account.id,
      code: account.code,
      type: account.type,
      noNegative: account.balanceRule === "no_negative",
      owner: owner ? `${owner.name ?? ""} ${identity.maskPhone(owner.phone)}`.trim() : null,
    },
    balance: {
      posted: ledger.formatCny(balance.postedCny),
      pending: ledger.formatCny(balance.pendingOutCny),
      available: ledger.formatCny(balance.availableCny),
    },
    opening: ledger.formatCny(statement.openingBalanceCny),
    closing: ledger.formatCny(statement.closingBalanceCny),
    lines: statement.lines.map((line) => ({
      id: line.postingId,
      entryId: line.entryId,
      createdAt: line.createdAt.toISOString(),
      kind: line.kind,
      memo: line.memo,
      cause: line.cause.type,
      debit: ledger.formatCny(line.debitCny),
      credit: ledger.formatCny(line.creditCny),
      balance: ledger.formatCny(line.balanceCny),
    })),
  };
}

export default function AccountStatement() {
  const data = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const exportHref = `${data.base}/accounts/${data.account.id}/statement.csv${data.filterQuery ? `?${data.filterQuery}` : ""}`;
  const nextHref = data.nextCursor ? `?${new URLSearchParams([...new URLSearchParams(data.filterQuery), ["cursor", data.nextCursor]]).toString()}` : null;
  return (
    <div className="space-y-4">
      <section className="card space-y-2">
        <p className="text-sm text-slate-500">{t("finance.statement.title")}</p>
        <h2 className="text-lg font-semibold break-all" data-testid="statement-account">
          {data.account.code}
        </h2>
        <p className="text-sm text-slate-600">
          {t(`accountType.${data.account.type}` as MessageKey)}
          {data.account.owner ? ` · ${t("finance.owner")}: ${data.account.owner}` : ""}
          {data.account.noNegative ? ` · ${t("finance.accounts.rule")}` : ""}
        </p>
        <dl className="grid grid-cols-3 gap-2 text-sm">
          <div>
            <dt className="text-slate-500">{t("finance.accounts.posted")}</dt>
            <dd className="font-semibold" data-testid="statement-balance">
              <Money amount={data.balance.posted} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("finance.accounts.pending")}</dt>
            <dd>
              <Money amount={data.balance.pending} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("finance.accounts.available")}</dt>
            <dd>
              <Money amount={data.balance.available} />
            </dd>
          </div>
        </dl>
      </section>

      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="from" className="block text-sm font-medium">
            {t("finance.from")}
          </label>
          <input id="from" name="from" type="date" defaultValue={data.fromDate} className="field-input" />
        </div>
        <div className="space-y-1">
          <label htmlFor="to" className="block text-sm font-medium">
            {t("finance.to")}
          </label>
          <input id="to" name="to" type="date" defaultValue={data.toDate} className="field-input" />
        </div>
        <button type="submit" className="btn-primary">
          {t("finance.apply")}
        </button>
        <a href={exportHref} className="btn-secondary" download data-testid="export-csv">
          {t("finance.export")}
        </a>
      </Form>

      <div className="card overflow-x-auto">
        <table className="w-full min-w-[36rem] text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-500">
              <th className="py-2 pr-2 font-medium">{t("finance.time")}</th>
              <th className="py-2 pr-2 font-medium">{t("finance.memo")}</th>
              <th className="py-2 pr-2 text-right font-medium">{t("finance.debit")}</th>
              <th className="py-2 pr-2 text-right font-medium">{t("finance.credit")}</th>
              <th className="py-2 text-right font-medium">{t("finance.balance")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-slate-100 text-slate-500">
              <td className="py-2 pr-2" colSpan={4}>
                {t("finance.statement.opening")}
              </td>
              <td className="py-2 text-right">
                <Money amount={data.opening} />
              </td>
            </tr>
            {data.lines.map((line) => (
              <tr key={line.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-2 whitespace-nowrap">
                  <Link to={`${data.base}/entries/${line.entryId}`} className="text-brand underline" data-testid="statement-entry-link">
                    {dateTime(line.createdAt)}
                  </Link>
                </td>
                <td className="py-2 pr-2">
                  <span className="font-medium">{t(`cause.${line.cause}` as MessageKey)}</span> · {line.kind}
                  {line.memo ? <span className="block text-slate-500">{line.memo}</span> : null}
                </td>
                <td className="py-2 pr-2 text-right">
                  <Money amount={line.debit} blankZero />
                </td>
                <td className="py-2 pr-2 text-right">
                  <Money amount={line.credit} blankZero />
                </td>
                <td className="py-2 text-right">
                  <Money amount={line.balance} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-semibold">
              <td className="py-2 pr-2" colSpan={4}>
                {t("finance.statement.closing")}
              </td>
              <td className="py-2 text-right" data-testid="statement-closing">
                <Money amount={data.closing} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="flex gap-2">
        {!data.firstPage ? (
          <Link to={data.filterQuery ? `?${data.filterQuery}` : "?"} className="btn-secondary">
            {t("finance.firstPage")}
          </Link>
        ) : null}
        {nextHref ? (
          <Link to={nextHref} className="btn-secondary">
            {t("finance.nextPage")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
