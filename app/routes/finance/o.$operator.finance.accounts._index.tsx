import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { identity, ledger } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { LEDGER_ACCOUNT_TYPES as ACCOUNT_TYPES } from "../../../db/enums";

type AccountType = (typeof ACCOUNT_TYPES)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance", { reads: "replica" });
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim();
  const typeParam = url.searchParams.get("type") ?? "";
  const type = (ACCOUNT_TYPES as readonly string[]).includes(typeParam) ? (typeParam as AccountType) : undefined;
  const cursor = url.searchParams.get("cursor");

  // A phone number finds that user's accounts; anything else is a code prefix.
  const phone = identity.phoneSchema.safeParse(query);
  let ownerUserId: string | undefined;
  let codePrefix: string | undefined;
  let unknownPhone = false;
  if (phone.success) {
    const user = await identity.findUserByPhone(db, operator.id, phone.data);
    if (user) ownerUserId = user.id;
    else unknownPhone = true;
  } else if (query) {
    codePrefix = query;
  }
  // A prefix longer than any account code matches nothing (and the ledger refuses it as input).
  const page = unknownPhone || (codePrefix?.length ?? 0) > ledger.ledgerLimits.MAX_ACCOUNT_CODE_LENGTH || (cursor?.length ?? 0) > ledger.ledgerLimits.MAX_ACCOUNT_CODE_LENGTH
    ? { accounts: [], nextCursor: null }
    : await ledger.findAccounts(db, { operatorId: operator.id, codePrefix, ownerUserId, type, cursor });
  const owners = await identity.getUsersByIds(
    db,
    operator.id,
    page.accounts.map((a) => a.ownerUserId).filter((id): id is string => id !== null),
  );
  const balances = await Promise.all(page.accounts.map((a) => ledger.getBalance(db, { operatorId: operator.id, accountId: a.id })));
  return {
    base: `/o/${operator.slug}/finance`,
    query,
    type: type ?? "",
    nextCursor: page.nextCursor,
    accounts: page.accounts.map((a, i) => {
      const owner = a.ownerUserId ? owners.get(a.ownerUserId) : undefined;
      return {
        id: a.id,
        code: a.code,
        type: a.type,
        owner: owner ? `${owner.name ?? ""} ${identity.maskPhone(owner.phone)}`.trim() : null,
        balance: ledger.formatCny(balances[i]!.postedCny),
      };
    }),
  };
}

export default function Accounts() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const nextHref = data.nextCursor
    ? `?${new URLSearchParams({ q: data.query, type: data.type, cursor: data.nextCursor }).toString()}`
    : null;
  return (
    <div className="space-y-4">
      <Form method="get" className="card grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <div className="space-y-1">
          <label htmlFor="q" className="block text-sm font-medium">
            {t("finance.accounts.query")}
          </label>
          <input id="q" name="q" defaultValue={data.query} className="field-input" aria-describedby="q-hint" />
          <p id="q-hint" className="text-xs text-slate-500">
            {t("finance.accounts.queryHint")}
          </p>
        </div>
        <div className="space-y-1">
          <label htmlFor="type" className="block text-sm font-medium">
            {t("finance.accountType")}
          </label>
          <select id="type" name="type" defaultValue={data.type} className="field-input">
            <option value="">{t("finance.accounts.allTypes")}</option>
            {ACCOUNT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`accountType.${type}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary sm:mb-5">
          {t("finance.apply")}
        </button>
      </Form>

      {data.accounts.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <ul className="space-y-2" data-testid="account-results">
          {data.accounts.map((account) => (
            <li key={account.id}>
              <Link to={`${data.base}/accounts/${account.id}`} className="card block hover:bg-slate-50">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium break-all text-brand">{account.code}</p>
                    <p className="text-sm text-slate-500">
                      {t(`accountType.${account.type}` as MessageKey)}
                      {account.owner ? ` · ${account.owner}` : ""}
                    </p>
                  </div>
                  <Money amount={account.balance} className="shrink-0 font-semibold" />
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
