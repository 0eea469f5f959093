import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orBadRequest } from "../../forms.server";
import { finance, identity, ledger } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { LedgerLinesTable } from "../../components/ledger-lines";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const entry = await orBadRequest(ledger.getEntry(db, { operatorId: operator.id, entryId: params.entryId ?? "" }));
  const poster = "userId" in entry.postedBy ? (await identity.getUsersByIds(db, operator.id, [entry.postedBy.userId])).get(entry.postedBy.userId) : undefined;
  const names = await finance.nameAccounts(db, { codes: Object.values(entry.accounts).map((a) => a.code) });
  return {
    base: `/o/${operator.slug}/finance`,
    entry: {
      id: entry.id,
      kind: entry.kind,
      memo: entry.memo,
      amount: ledger.formatCny(entry.amountCny),
      createdAt: entry.createdAt.toISOString(),
      idempotencyKey: entry.idempotencyKey,
      cause: entry.cause,
      postedBy: "system" in entry.postedBy ? { system: entry.postedBy.system } : { user: poster ? `${poster.name ?? ""} ${identity.maskPhone(poster.phone)}`.trim() : entry.postedBy.userId },
      reversesEntryId: entry.reversesEntryId,
      reversedByEntryId: entry.reversedByEntryId,
      postings: entry.postings.map((p) => ({
        accountId: p.accountId,
        code: entry.accounts[p.accountId]?.code ?? p.accountId,
        name: names.get(entry.accounts[p.accountId]?.code ?? ""),
        debit: p.amountCny.isPositive() ? ledger.formatCny(p.amountCny) : "0.00",
        credit: p.amountCny.isNegative() ? ledger.formatCny(p.amountCny.negated()) : "0.00",
      })),
    },
  };
}

export default function EntryPage() {
  const { base, entry } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const causeHref =
    entry.cause.type === "adjustment" && entry.cause.id
      ? `${base}/adjustments#adjustment-${entry.cause.id}`
      : `${base}/journal?${new URLSearchParams({ causeType: entry.cause.type, ...(entry.cause.id ? { causeId: entry.cause.id } : {}) }).toString()}`;
  return (
    <div className="space-y-4">
      <section className="card space-y-3">
        <p className="text-sm text-slate-500">{t("finance.entry.title")}</p>
        <h2 className="text-lg font-semibold">
          {t(`cause.${entry.cause.type}` as MessageKey)} · {entry.kind} · <Money amount={entry.amount} />
        </h2>
        {entry.memo ? <p className="text-slate-700">{entry.memo}</p> : null}
        <dl className="grid gap-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{t("finance.time")}</dt>
            <dd>{dateTime(entry.createdAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("finance.entry.postedBy")}</dt>
            <dd>{"system" in entry.postedBy ? `${t("finance.system")} (${entry.postedBy.system})` : entry.postedBy.user}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("finance.cause")}</dt>
            <dd className="break-all">
              <Link to={causeHref} className="text-brand underline" data-testid="entry-cause">
                {t(`cause.${entry.cause.type}` as MessageKey)}
                {entry.cause.id ? ` ${entry.cause.id}` : ""}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("finance.entry.idempotencyKey")}</dt>
            <dd className="break-all font-mono text-xs">{entry.idempotencyKey}</dd>
          </div>
          {entry.reversesEntryId ? (
            <div>
              <dt className="text-slate-500">{t("finance.entry.reverses")}</dt>
              <dd>
                <Link to={`${base}/entries/${entry.reversesEntryId}`} className="break-all text-brand underline">
                  {entry.reversesEntryId}
                </Link>
              </dd>
            </div>
          ) : null}
          {entry.reversedByEntryId ? (
            <div>
              <dt className="text-slate-500">{t("finance.entry.reversedBy")}</dt>
              <dd>
                <Link to={`${base}/entries/${entry.reversedByEntryId}`} className="break-all text-brand underline">
                  {entry.reversedByEntryId}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <div className="card">
        <LedgerLinesTable lines={entry.postings} base={base} testId="entry-postings" />
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
