import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { ledger, reconciliation } from "../../services.server";
import { isAskableDate } from "../../finance.server";
import { PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { newFormKey } from "../../investor.server";

type Line = { id: string; lineNo: number; reference: string | null; amount: string; date: string; kind: string };
type Item = { id: string; reference: string | null; amount: string; date: string; label: string };

function dayParams(params: { channel?: string; date?: string }) {
  const channel = params.channel ?? "";
  const date = params.date ?? "";
  if (!reconciliation.isChannel(channel) || !isAskableDate(date)) throw new Response("Not found", { status: 404 });
  return { channel, date };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const { channel, date } = dayParams(params);
  const day = await orBadRequest(reconciliation.getReconciliationDay(db, { operatorId: operator.id, channel, date }));
  const accountHint = reconciliation.channelAccounts(channel).code ?? day.clearing.accountCodes[0] ?? "";
  // The usual other side of a break is custody; for the custody statement itself it is left to the user.
  const counterpartHint = accountHint === "custody:bank" ? "" : "custody:bank";
  return {
    base: `/o/${operator.slug}/finance`,
    channel,
    date,
    done: new URL(request.url).searchParams.get("done"),
    // A double submit of a break's adjustment form carries one key: the second is the first proposal.
    formKey: newFormKey(),
    accountHint,
    counterpartHint,
    summary: day.summary,
    clearing: { accounts: day.clearing.accountCodes.join(", ") || "—", opening: ledger.formatCny(day.clearing.openingCny), expected: ledger.formatCny(day.clearing.expectedCny), actual: ledger.formatCny(day.clearing.actualCny), unexplained: day.clearing.unexplainedEntryIds.length },
    bankClosing: day.bankClosing ? ledger.formatCny(day.bankClosing) : null,
    signedOff: day.signedOff ? { by: day.signedOff.by, at: day.signedOff.at.toISOString() } : null,
    results: day.results.map(({ result, state, resolutions }) => {
      const details = result.details as { their?: Line[]; ours?: Item[] };
      return {
        breakKey: result.breakKey,
        status: result.status,
        tier: result.tier,
        state,
        amount: result.amount,
        difference: result.difference,
        ageDays: result.ageDays,
        their: details.their ?? [],
        ours: details.ours ?? [],
        resolutions: resolutions.map((r) => ({ id: r.id, kind: r.kind, note: r.note, adjustmentStatus: r.adjustmentStatus, createdAt: r.createdAt.toISOString() })),
      };
    }),
  };
}

type ActionResult = { breakKey: string | null; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const { channel, date } = dayParams(params);
  const form = await readForm(request, context);
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  const breakKey = text("breakKey") || null;
  const day = { operatorId: operator.id, channel, date, userId: session.user.id };
  try {
    if (intent === "rerun") await reconciliation.reconcileDay(db, { operatorId: operator.id, channel, date });
    else if (intent === "signoff") await reconciliation.signOffDay(db, day);
    else if (intent === "timing") await reconciliation.markTimingDifference(db, { ...day, breakKey: breakKey ?? "", note: text("note"), expectedDate: text("expectedDate") });
    else if (intent === "link") await reconciliation.linkLines(db, { ...day, breakKey: breakKey ?? "", ourItemId: text("ourItemId"), note: text("note") });
    else if (intent === "adjust") {
      // Decimal at the edge: the ledger's own parser (two decimals, positive), never a JS number.
      let amount: string;
      try {
        amount = ledger.formatCny(ledger.parsePositiveAmountCny(text("amount")));
      } catch (error) {
        return { breakKey, errors: domainErrorToFieldErrors(error) } satisfies ActionResult;
      }
      await reconciliation.proposeBreakAdjustment(db, {
        ...day,
        breakKey: breakKey ?? "",
        reason: text("note"),
        lines: [
          { accountCode: text("debit"), amountCny: amount },
          { accountCode: text("credit"), amountCny: `-${amount}` },
        ],
        idempotencyKey: text("idempotencyKey"),
      });
    } else throw new Response("Unknown intent", { status: 400 });
  } catch (error) {
    const errors = domainErrorToFieldErrors(error);
    // Field errors of an adjustment name its lines; show them beside the accounts.
    const mapped: FieldErrors = {};
    for (const [field, message] of Object.entries(errors)) mapped[field.startsWith("lines.0") ? "debit" : field.startsWith("lines.1") ? "credit" : field === "reason" ? "note" : field] = message;
    return { breakKey, errors: mapped } satisfies ActionResult;
  }
  return redirect(`?done=${intent}${breakKey ? `#break-${breakKey}` : ""}`);
}

function Err({ errors, name }: { errors?: FieldErrors; name: string }) {
  const { t } = useI18n();
  const e = errors?.[name];
  return e ? (
    <p className="text-sm font-medium text-red-700" role="alert">
      {translateError(t, e)}
    </p>
  ) : null;
}

export default function ReconciliationDay() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, date, dateTime, money } = useI18n();
  const channelName = t(`reconcile.channel.${data.channel}` as MessageKey);
  const dayErrors = result && !result.breakKey ? result.errors : undefined;
  const openItems = data.results.filter((r) => r.state === "open" && r.status === "missing_in_theirs").flatMap((r) => r.ours);

  return (
    <div className="space-y-4">
      <Link to={`${data.base}/reconciliation`} className="text-sm text-brand underline">
        {t("reconcile.day.back")}
      </Link>
      <h2 className="text-xl font-semibold">{t("reconcile.day.title", { channel: channelName, date: date(data.date) })}</h2>
      <p className="text-sm" data-testid="day-summary">
        {t("reconcile.day.summary", { matched: data.summary.matched, open: data.summary.open, awaiting: data.summary.awaiting, resolved: data.summary.resolved })}
      </p>
      <p className="text-xs break-words text-slate-600" data-testid="day-clearing">
        {t("reconcile.day.clearing", { ...data.clearing, opening: money(data.clearing.opening), expected: money(data.clearing.expected), actual: money(data.clearing.actual) })}
        {data.clearing.unexplained > 0 ? ` · ${t("reconcile.day.unexplained", { count: data.clearing.unexplained })}` : ""}
        {data.bankClosing ? (
          <span data-testid="bank-closing" className={data.bankClosing === data.clearing.actual ? "" : "font-semibold text-red-700"}>
            {" · "}
            {t("reconcile.day.bankClosing", { amount: money(data.bankClosing) })}
          </span>
        ) : null}
      </p>
      {data.done === "signoff" ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status">
          {t("reconcile.day.signedOffDone")}
        </p>
      ) : null}
      {data.signedOff ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" data-testid="signed-off">
          {t("reconcile.day.signedBy", { by: data.signedOff.by, at: dateTime(data.signedOff.at) })}
        </p>
      ) : (
        <div className="flex flex-wrap gap-2">
          <PostForm replace>
            <button type="submit" name="intent" value="rerun" className="btn-secondary" disabled={busy}>
              {t("reconcile.day.rerun")}
            </button>
          </PostForm>
          <PostForm replace>
            <button type="submit" name="intent" value="signoff" className="btn-primary" disabled={busy}>
              {t("reconcile.day.signOff")}
            </button>
          </PostForm>
        </div>
      )}
      {dayErrors?._form ? (
        <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert" data-testid="day-error">
          {translateError(t, dayErrors._form)}
        </p>
      ) : null}

      {data.results.length === 0 ? <p className="card text-slate-500">{t("reconcile.day.none")}</p> : null}
      <ul className="space-y-3" data-testid="results">
        {data.results.map((r) => {
          const errors = result?.breakKey === r.breakKey ? result.errors : undefined;
          const first = r.their[0];
          return (
            <li key={r.breakKey} id={`break-${r.breakKey}`} className="card space-y-2" data-status={r.status} data-state={r.state} data-reference={first?.reference ?? r.ours[0]?.reference ?? ""}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-semibold">{t(`reconcile.result.${r.status}` as MessageKey)}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${r.state === "open" ? "bg-red-50 text-red-800" : r.state === "awaiting_approval" ? "bg-amber-50 text-amber-900" : "bg-green-50 text-green-800"}`}>
                  {t(`reconcile.state.${r.state}` as MessageKey)}
                </span>
              </div>
              <dl className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
                <div>
                  <dt className="text-xs text-slate-500">{t("reconcile.theirs")}</dt>
                  {r.their.length === 0 ? <dd>—</dd> : null}
                  {r.their.map((l) => (
                    <dd key={l.id} className="break-words">
                      #{l.lineNo} {l.reference ?? ""} · {l.kind} · <Money amount={l.amount} /> · {l.date}
                    </dd>
                  ))}
                </div>
                <div>
                  <dt className="text-xs text-slate-500">{t("reconcile.ours")}</dt>
                  {r.ours.length === 0 ? <dd>—</dd> : null}
                  {r.ours.map((o) => (
                    <dd key={o.id} className="break-words">
                      {o.label} · <Money amount={o.amount} /> · {o.date}
                    </dd>
                  ))}
                </div>
              </dl>
              <p className="text-xs text-slate-500">
                {r.tier ? `${t("reconcile.tier", { tier: r.tier })} · ` : ""}
                {t("reconcile.difference")} <Money amount={r.difference} /> · {t("reconcile.age", { days: r.ageDays })}
              </p>
              {r.resolutions.length > 0 ? (
                <ul className="text-xs text-slate-600">
                  {r.resolutions.map((x) => (
                    <li key={x.id}>
                      {t(`reconcile.resolve.${x.kind === "adjustment" ? "adjust" : x.kind}` as MessageKey)} · {x.note} · {dateTime(x.createdAt)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {r.state === "awaiting_approval" ? (
                <p className="text-sm text-amber-900">
                  {t("reconcile.resolve.awaiting")} ·{" "}
                  <Link to={`${data.base}/adjustments`} className="underline">
                    {t("finance.nav.adjustments")}
                  </Link>
                </p>
              ) : null}
              {r.state === "open" && !data.signedOff ? (
                <div className="space-y-2">
                  <details className="rounded border border-slate-200 p-2" open={errors ? true : undefined}>
                    <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{t("reconcile.resolve.adjust")}</summary>
                    <PostForm className="grid gap-2 sm:grid-cols-2" replace>
                      <input type="hidden" name="breakKey" value={r.breakKey} />
                      <input type="hidden" name="idempotencyKey" value={data.formKey} />
                      <label className="text-sm">
                        {t("reconcile.resolve.debit")}
                        <input name="debit" className="field-input" defaultValue={r.difference.startsWith("-") ? data.accountHint : data.counterpartHint} autoCapitalize="off" spellCheck={false} required />
                      </label>
                      <label className="text-sm">
                        {t("reconcile.resolve.credit")}
                        <input name="credit" className="field-input" defaultValue={r.difference.startsWith("-") ? data.counterpartHint : data.accountHint} autoCapitalize="off" spellCheck={false} required />
                      </label>
                      <Err errors={errors} name="debit" />
                      <Err errors={errors} name="credit" />
                      <label className="text-sm">
                        {t("reconcile.resolve.amount")}
                        <input name="amount" className="field-input" inputMode="decimal" defaultValue={r.difference.replace("-", "")} required />
                      </label>
                      <Err errors={errors} name="amount" />
                      <label className="text-sm">
                        {t("reconcile.resolve.note")}
                        <input name="note" className="field-input" minLength={4} maxLength={400} required />
                      </label>
                      <Err errors={errors} name="note" />
                      <Err errors={errors} name="_form" />
                      <button type="submit" name="intent" value="adjust" className="btn-primary sm:col-span-2" disabled={busy}>
                        {t("reconcile.resolve.submit")}
                      </button>
                    </PostForm>
                  </details>
                  <details className="rounded border border-slate-200 p-2">
                    <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{t("reconcile.resolve.timing")}</summary>
                    <PostForm className="grid gap-2 sm:grid-cols-2" replace>
                      <input type="hidden" name="breakKey" value={r.breakKey} />
                      <label className="text-sm">
                        {t("reconcile.resolve.expectedDate")}
                        <input name="expectedDate" type="date" className="field-input" defaultValue={data.date} required />
                      </label>
                      <label className="text-sm">
                        {t("reconcile.resolve.note")}
                        <input name="note" className="field-input" minLength={2} maxLength={500} required />
                      </label>
                      <button type="submit" name="intent" value="timing" className="btn-secondary sm:col-span-2" disabled={busy}>
                        {t("reconcile.resolve.submit")}
                      </button>
                    </PostForm>
                  </details>
                  {r.their.length > 0 && openItems.length > 0 ? (
                    <details className="rounded border border-slate-200 p-2">
                      <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{t("reconcile.resolve.link")}</summary>
                      <PostForm className="grid gap-2 sm:grid-cols-2" replace>
                        <input type="hidden" name="breakKey" value={r.breakKey} />
                        <label className="text-sm">
                          {t("reconcile.resolve.linkItem")}
                          <select name="ourItemId" className="field-input" required>
                            {openItems.map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.label} · {o.amount}
                              </option>
                            ))}
                          </select>
                        </label>
                        <label className="text-sm">
                          {t("reconcile.resolve.note")}
                          <input name="note" className="field-input" minLength={2} maxLength={500} required />
                        </label>
                        <button type="submit" name="intent" value="link" className="btn-secondary sm:col-span-2" disabled={busy}>
                          {t("reconcile.resolve.submit")}
                        </button>
                      </PostForm>
                    </details>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
