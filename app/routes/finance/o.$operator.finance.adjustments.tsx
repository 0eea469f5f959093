import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { finance, identity, ledger } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { LedgerLinesTable } from "../../components/ledger-lines";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { newFormKey } from "../../investor.server";

const LINE_ROWS = 4;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const url = new URL(request.url);
  const showAll = url.searchParams.get("show") === "all";
  const adjustments = await finance.listAdjustments(db, { operatorId: operator.id, status: showAll ? undefined : "proposed" });
  const person = (p: { name: string | null; phone: string } | null) => (p ? `${p.name ?? ""} ${identity.maskPhone(p.phone)}`.trim() : null);
  return {
    base: `/o/${operator.slug}/finance`,
    showAll,
    done: url.searchParams.get("done"),
    myUserId: session.user.id,
    // A double submit of the proposal form carries one key: the second is the first proposal.
    formKey: newFormKey(),
    adjustments: adjustments.map((a) => ({
      id: a.id,
      status: a.status,
      reason: a.reason,
      amount: a.amount,
      lines: a.lines.map((l) => ({
        accountId: l.accountId,
        code: l.accountCode,
        debit: l.amount.startsWith("-") ? "0.00" : l.amount,
        credit: l.amount.startsWith("-") ? l.amount.slice(1) : "0.00",
      })),
      proposedById: a.proposedBy.id,
      proposedBy: person(a.proposedBy),
      createdAt: a.createdAt.toISOString(),
      decidedBy: person(a.decidedBy),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      decisionNote: a.decisionNote,
      entryId: a.entryId,
    })),
  };
}

type ActionResult = { form: "propose"; errors: FieldErrors; values: Record<string, string> } | { form: "decide"; adjustmentId: string; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  const intent = form.get("intent");
  const text = (name: string) => String(form.get(name) ?? "").trim();

  if (intent === "approve" || intent === "reject") {
    const adjustmentId = text("adjustmentId");
    const input = { operatorId: operator.id, adjustmentId, decidedByUserId: session.user.id, note: text("note") };
    try {
      if (intent === "approve") await finance.approveAdjustment(db, input);
      else await finance.rejectAdjustment(db, input);
    } catch (error) {
      const errors = domainErrorToFieldErrors(error);
      return { form: "decide", adjustmentId, errors: { _form: Object.values(errors)[0]! } } satisfies ActionResult as ActionResult;
    }
    return redirect(`?done=${intent === "approve" ? "approved" : "rejected"}&show=all#adjustment-${adjustmentId}`);
  }

  // Propose: up to LINE_ROWS rows of account + debit or credit; blank rows are ignored.
  const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== "_csrf").map(([k, v]) => [k, String(v)]));
  const errors: FieldErrors = {};
  const lines: Array<{ row: number; accountCode: string; amountCny: string }> = [];
  for (let row = 0; row < LINE_ROWS; row++) {
    const code = text(`code_${row}`);
    const debit = text(`debit_${row}`);
    const credit = text(`credit_${row}`);
    if (!code && !debit && !credit) continue;
    if (!code) errors[`code_${row}`] = { key: "error.adjustment.account_not_found", params: { code: "—" } };
    if ((debit && credit) || (!debit && !credit)) {
      errors[`debit_${row}`] = { key: "error.amount.invalid" };
      continue;
    }
    const amount = debit || credit;
    if (!ledger.isTypedAmount(amount)) {
      errors[debit ? `debit_${row}` : `credit_${row}`] = { key: "error.amount.invalid" };
      continue;
    }
    lines.push({ row, accountCode: code, amountCny: debit ? debit : `-${credit}` });
  }
  if (Object.keys(errors).length > 0) return { form: "propose", errors, values } satisfies ActionResult as ActionResult;
  try {
    await finance.proposeAdjustment(db, {
      operatorId: operator.id,
      proposedByUserId: session.user.id,
      reason: text("reason"),
      lines: lines.map(({ accountCode, amountCny }) => ({ accountCode, amountCny })),
      idempotencyKey: text("idempotencyKey"),
    });
  } catch (error) {
    const raw = domainErrorToFieldErrors(error);
    // Service fields name lines by position among the filled rows; map back to the form's rows.
    const mapped: FieldErrors = {};
    for (const [field, message] of Object.entries(raw)) {
      if (field === "reason") {
        mapped.reason = message;
        continue;
      }
      const match = /^(?:lines|postings)\.(\d+)\.(account|accountId|amount|amountCny)$/.exec(field);
      const row = match ? lines[Number(match[1])]?.row : undefined;
      if (row === undefined) mapped._form = message;
      else mapped[match![2]!.startsWith("account") ? `code_${row}` : `debit_${row}`] = message;
    }
    return { form: "propose", errors: mapped, values } satisfies ActionResult as ActionResult;
  }
  return redirect("?done=proposed");
}

export default function Adjustments() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  const proposeErrors = result?.form === "propose" ? result.errors : undefined;
  const values = result?.form === "propose" ? result.values : {};
  const done = data.done === "proposed" ? t("finance.adj.proposed") : data.done === "approved" ? t("finance.adj.approved") : data.done === "rejected" ? t("finance.adj.rejected") : null;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("finance.adj.lead")}</p>
      {done ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status" data-testid="adjustment-done">
          {done}
        </p>
      ) : null}

      <div className="flex gap-2 text-sm">
        <Link to="?" className={`rounded-full px-3 py-1 ${data.showAll ? "bg-white text-slate-600" : "bg-brand text-white"}`}>
          {t("finance.adj.filter.open")}
        </Link>
        <Link to="?show=all" className={`rounded-full px-3 py-1 ${data.showAll ? "bg-brand text-white" : "bg-white text-slate-600"}`}>
          {t("finance.adj.filter.all")}
        </Link>
      </div>

      {data.adjustments.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <ul className="space-y-3" data-testid="adjustments">
          {data.adjustments.map((a) => {
            const decideError = result?.form === "decide" && result.adjustmentId === a.id ? result.errors : undefined;
            return (
              <li key={a.id} id={`adjustment-${a.id}`} className="card space-y-3" data-status={a.status}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="font-semibold">
                    <Money amount={a.amount} />
                  </p>
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-medium ${a.status === "proposed" ? "bg-amber-50 text-amber-900" : a.status === "approved" ? "bg-green-50 text-green-800" : "bg-slate-100 text-slate-700"}`}
                  >
                    {t(`finance.adj.status.${a.status}` as MessageKey)}
                  </span>
                </div>
                <p className="text-slate-800">{a.reason}</p>
                <LedgerLinesTable lines={a.lines} base={data.base} />
                <p className="text-xs text-slate-500">
                  {t("finance.adj.proposedBy")}: {a.proposedBy} · {dateTime(a.createdAt)}
                  {a.decidedBy && a.decidedAt ? ` · ${t("finance.adj.decidedBy")}: ${a.decidedBy} · ${dateTime(a.decidedAt)}` : ""}
                </p>
                {a.decisionNote ? <p className="text-sm text-slate-600">{a.decisionNote}</p> : null}
                {a.entryId ? (
                  <Link to={`${data.base}/entries/${a.entryId}`} className="text-sm text-brand underline">
                    {t("finance.entry")} {a.entryId.slice(0, 8)}
                  </Link>
                ) : null}
                {decideError?._form ? (
                  <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert">
                    {translateError(t, decideError._form)}
                  </p>
                ) : null}
                {a.status === "proposed" ? (
                  a.proposedById === data.myUserId ? (
                    <p className="text-sm text-slate-500">{t("finance.adj.ownProposal")}</p>
                  ) : (
                    <PostForm className="space-y-2" replace>
                      <input type="hidden" name="adjustmentId" value={a.id} />
                      <label htmlFor={`note-${a.id}`} className="block text-sm font-medium">
                        {t("finance.adj.note")}
                      </label>
                      <input id={`note-${a.id}`} name="note" className="field-input" maxLength={500} />
                      <div className="flex gap-2">
                        <button type="submit" name="intent" value="approve" className="btn-primary flex-1" disabled={busy}>
                          {t("finance.adj.approve")}
                        </button>
                        <button type="submit" name="intent" value="reject" className="btn-secondary flex-1" disabled={busy}>
                          {t("finance.adj.reject")}
                        </button>
                      </div>
                    </PostForm>
                  )
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      <PostForm className="card space-y-4" replace>
        <input type="hidden" name="idempotencyKey" value={data.formKey} />
        <h2 className="text-lg font-semibold">{t("finance.adj.new")}</h2>
        <FormError errors={proposeErrors} />
        <div className="space-y-1">
          <label htmlFor="field-reason" className="block text-sm font-medium">
            {t("finance.adj.reason")}
          </label>
          <textarea
            id="field-reason"
            name="reason"
            required
            minLength={4}
            maxLength={500}
            rows={2}
            defaultValue={values.reason}
            className="field-input"
            aria-invalid={proposeErrors?.reason ? true : undefined}
            aria-describedby="field-reason-hint field-reason-error"
          />
          <p id="field-reason-hint" className="text-xs text-slate-500">
            {t("finance.adj.reasonHint")}
          </p>
          {proposeErrors?.reason ? (
            <p id="field-reason-error" className="text-sm font-medium text-red-700" role="alert">
              {translateError(t, proposeErrors.reason)}
            </p>
          ) : null}
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">{t("finance.adj.lines")}</legend>
          {Array.from({ length: LINE_ROWS }, (_, row) => (
            <div key={row} className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 p-2 sm:grid-cols-[2fr_1fr_1fr]">
              <div className="col-span-2 sm:col-span-1">
                <Field name={`code_${row}`} label={`${t("finance.adj.line", { n: row + 1 })} · ${t("finance.account")}`} defaultValue={values[`code_${row}`]} errors={proposeErrors} autoCapitalize="off" spellCheck={false} />
              </div>
              <Field name={`debit_${row}`} label={t("finance.debit")} inputMode="decimal" defaultValue={values[`debit_${row}`]} errors={proposeErrors} />
              <Field name={`credit_${row}`} label={t("finance.credit")} inputMode="decimal" defaultValue={values[`credit_${row}`]} errors={proposeErrors} />
            </div>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="propose" className="btn-primary w-full" disabled={busy}>
          {t("finance.adj.submit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
