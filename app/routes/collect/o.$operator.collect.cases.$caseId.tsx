import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { contactHoursOverride } from "./collections.server";
import { domainErrorToFieldErrors, orBadRequest, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { collections, ledger } from "../../services.server";
import { Field, FormError, PostForm, translateError, RequiredMark } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { teamName } from "../../components/team-name";
import { RevealReasonForm } from "../../components/reveal-reason";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, ["collector", "admin"]);
  const reason = new URL(request.url).searchParams.get("reason");
  const detail = await orBadRequest(
    collections.getCaseDetail(db, { operatorId: operator.id, caseId: params.caseId ?? "", actor, hoursOverride: contactHoursOverride(), reason }),
  );
  return {
    detail,
    reason,
    supervisor: actor.roles.includes("admin"),
    // One fresh id per form: it is the activity's id, so a repeated submit records once.
    ids: { note: randomUUID(), contact: randomUUID(), promise: randomUUID() },
    maxDays: collections.PROMISE_MAX_DAYS_AHEAD,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, ["collector", "admin"]);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const caseId = params.caseId ?? "";
  const base = { operatorId: operator.id, caseId, actor };
  const activityId = z.string().uuid("collections.invalid");
  try {
    if (intent === "note") {
      const parsed = validateForm(z.object({ activityId, note: z.string().trim().min(1, "collections.note_invalid").max(500, "collections.note_invalid") }), form);
      if (!parsed.ok) return { intent, errors: parsed.errors };
      await collections.addCaseNote(db, { ...base, ...parsed.data });
    } else if (intent === "contact") {
      const parsed = validateForm(
        z.object({
          activityId,
          channel: z.enum(collections.CONTACT_CHANNELS, { message: "collections.channel_invalid" }),
          outcome: z.enum(collections.CONTACT_OUTCOMES, { message: "collections.outcome_invalid" }),
          note: z.string().trim().max(500, "collections.note_invalid").optional(),
        }),
        form,
      );
      if (!parsed.ok) return { intent, errors: parsed.errors };
      await collections.logContactAttempt(db, { ...base, ...parsed.data, hoursOverride: contactHoursOverride() });
    } else if (intent === "promise") {
      const parsed = validateForm(
        z.object({
          activityId,
          amount: z.string().trim().refine(ledger.isTypedAmount, "collections.promise_amount_invalid"),
          promiseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "collections.promise_date_past"),
          note: z.string().trim().max(500, "collections.note_invalid").optional(),
        }),
        form,
      );
      if (!parsed.ok) return { intent, errors: parsed.errors };
      await collections.recordPromise(db, { ...base, ...parsed.data });
    } else if (intent === "reassign") {
      const parsed = validateForm(z.object({ toUserId: z.string().uuid("collections.not_a_collector") }), form);
      if (!parsed.ok) return { intent, errors: parsed.errors };
      await collections.reassignCase(db, { ...base, toUserId: parsed.data.toUserId });
    } else {
      return { intent, errors: { _form: { key: "error.collections.invalid" } } as FieldErrors };
    }
  } catch (error) {
    return { intent, errors: domainErrorToFieldErrors(error) };
  }
  // `at` changes with every success, so the forms start empty again (their key); after an error they keep what was typed.
  // A stated reason stays in the address, so the page does not ask for it again after each form.
  const reason = new URL(request.url).searchParams.get("reason");
  const keep = reason ? `&reason=${encodeURIComponent(reason)}` : "";
  return redirect(`?done=${intent}&at=${randomUUID().slice(0, 8)}${keep}#${intent === "reassign" ? "case" : "timeline"}`);
}

const PROMISE_TONE = { pending: "bg-amber-100 text-amber-800", kept: "bg-green-100 text-green-800", broken: "bg-red-100 text-red-800" } as const;

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex justify-between gap-3 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right font-medium break-all" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Select({ name, label, options, errors }: { name: string; label: string; options: Array<{ value: string; label: string }>; errors?: FieldErrors }) {
  const { t } = useI18n();
  const error = errors?.[name];
  return (
    <div className="space-y-1">
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`field-${name}`} name={name} className="field-input" aria-invalid={error ? true : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="text-sm font-medium text-red-700" role="alert">
          {translateError(t, error)}
        </p>
      ) : null}
    </div>
  );
}

export default function CollectCase() {
  const { detail: d, ids, supervisor, maxDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const { t, date, dateTime, money, locale } = useI18n();
  const errorsFor = (intent: string) => (result && result.intent === intent ? result.errors : undefined);
  const open = d.case.status === "open";
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-4" id="case">
      <Link to=".." relative="path" className="text-sm text-brand underline">
        ← {t("collect.case.back")}
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-xl font-bold">{t("collect.case.title")}</h2>
        <span className="rounded-full bg-red-50 px-2 py-0.5 text-sm font-medium text-red-800">{t(`collect.bucket.${d.case.bucket}` as MessageKey)}</span>
      </div>
      {!open ? (
        <p className="card bg-slate-50">{t("collect.case.closed", { reason: t(`collect.closed.${d.case.closedReason ?? "cured"}` as MessageKey) })}</p>
      ) : null}
      {done ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status" data-testid="collect-done">
          {t(`collect.${done === "reassign" ? "reassign" : done}.done` as MessageKey)}
        </p>
      ) : null}

      <section className="card space-y-1" aria-labelledby="borrower-h">
        <h3 id="borrower-h" className="font-semibold">{t("collect.borrower")}</h3>
        <dl className="text-sm">
          <Row label={t("collect.name")} testId="borrower-name">{d.borrower.name ?? "—"}</Row>
          <Row label={t("collect.phone")} testId="borrower-phone">
            {d.borrower.phoneIsFull ? <a href={`tel:${d.borrower.phone}`} className="text-brand underline">{d.borrower.phone}</a> : d.borrower.phone}
          </Row>
          {!d.borrower.phoneIsFull && d.reveal.revealed ? <p className="text-xs text-slate-500">{t("collect.phoneMasked")}</p> : null}
          <Row label={t("collect.idNumber")}>{d.borrower.idNumberMasked ?? "—"}</Row>
          {d.borrower.region ? <Row label={t("collect.region")}>{d.borrower.region}</Row> : null}
        </dl>
        {!d.reveal.revealed ? <RevealReasonForm /> : null}
      </section>

      <section className="card space-y-1" aria-labelledby="loan-h">
        <h3 id="loan-h" className="font-semibold">{t("collect.loan")} · {d.loan.title}</h3>
        <dl className="text-sm">
          <Row label={t("collect.loanAmount")}><Money amount={d.loan.amount} /></Row>
          <Row label={t("collect.overdueSince")}>{d.loan.overdueSince ?? "—"} · {t("collect.daysOverdue", { n: d.loan.daysPastDue })}</Row>
          <Row label={t("collect.overduePrincipal")}><Money amount={d.loan.overduePrincipal} /></Row>
          <Row label={t("collect.overdueAmount")} testId="case-overdue"><Money amount={d.loan.overdueTotal} /></Row>
          <Row label={t("collect.outstanding")}><Money amount={d.loan.outstanding} /></Row>
        </dl>
      </section>

      <section className="card space-y-2" aria-labelledby="detail-h">
        <h3 id="detail-h" className="font-semibold">{t("collect.detail.title")}</h3>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="installments">
          {d.installments.map((i) => (
            <li key={i.n} className={`py-2 ${i.overdue ? "text-red-800" : ""}`}>
              <div className="flex justify-between gap-2">
                <span className="font-medium">
                  {t("collect.detail.n")} {i.n} · {date(i.dueDate)}
                </span>
                <span className="text-xs">
                  {i.overdue ? t("collect.detail.overdue") : i.status === "paid" ? t("collect.detail.paid") : ""}
                </span>
              </div>
              {i.status !== "paid" ? (
                <div className="grid grid-cols-2 gap-x-3 text-xs text-slate-600 sm:grid-cols-4">
                  <span>{t("collect.detail.principal")} {money(i.principalOwed)}</span>
                  <span>{t("collect.detail.interest")} {money(i.interestOwed)}</span>
                  <span>{t("collect.detail.penalty")} {money(i.penaltyOwed)}</span>
                  <span className="font-semibold text-slate-800">{t("collect.detail.total")} {money(i.totalOwed)}</span>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card space-y-2" aria-labelledby="repay-h">
        <h3 id="repay-h" className="font-semibold">{t("collect.repayments.title")}</h3>
        {d.repayments.length === 0 ? <p className="text-sm text-slate-500">{t("collect.repayments.empty")}</p> : null}
        <ul className="divide-y divide-slate-100 text-sm">
          {d.repayments.map((r) => (
            <li key={r.id} className="py-2">
              <div className="flex justify-between gap-2">
                <span>{dateTime(r.receivedAt)} · {t(`collect.source.${r.source}` as MessageKey)}</span>
                <Money amount={r.amount} className="font-medium" />
              </div>
              <p className="text-xs text-slate-500">
                {t("collect.detail.principal")} {money(r.principal)} · {t("collect.detail.interest")} {money(r.interest)} · {t("collect.detail.penalty")} {money(r.penalty)}
              </p>
            </li>
          ))}
        </ul>
      </section>

      {open ? (
        <>
          <section className="card space-y-3" aria-labelledby="contact-h">
            <h3 id="contact-h" className="font-semibold">{t("collect.contact.title")}</h3>
            <p className="text-xs text-slate-500" data-testid="contact-rules">
              {t("collect.contact.rules", { start: d.contact.hours.start, end: d.contact.hours.end, cap: d.contact.cap, today: d.contact.today })}
            </p>
            <PostForm key={`contact-${search.get("at") ?? ""}`} className="space-y-3" replace>
              <input type="hidden" name="intent" value="contact" />
              <input type="hidden" name="activityId" value={ids.contact} />
              <Select name="channel" label={t("collect.channel")} errors={errorsFor("contact")} options={["phone", "sms", "visit"].map((c) => ({ value: c, label: t(`collect.channel.${c}` as MessageKey) }))} />
              <Select name="outcome" label={t("collect.outcome")} errors={errorsFor("contact")} options={["reached", "no_answer", "wrong_number", "refused"].map((c) => ({ value: c, label: t(`collect.outcome.${c}` as MessageKey) }))} />
              <Field name="note" label={t("collect.note")} errors={errorsFor("contact")} maxLength={500} />
              <FormError errors={errorsFor("contact")} />
              <button type="submit" className="btn-primary w-full sm:w-auto">{t("collect.contact.submit")}</button>
            </PostForm>
          </section>

          <section className="card space-y-3" aria-labelledby="promise-h">
            <h3 id="promise-h" className="font-semibold">{t("collect.promise.title")}</h3>
            <PostForm key={`promise-${search.get("at") ?? ""}`} className="space-y-3" replace>
              <input type="hidden" name="intent" value="promise" />
              <input type="hidden" name="activityId" value={ids.promise} />
              <Field name="amount" label={t("collect.promise.amount")} errors={errorsFor("promise")} inputMode="decimal" required autoComplete="off" />
              <Field name="promiseDate" label={t("collect.promise.date")} hint={t("collect.promise.dateHint", { days: maxDays })} errors={errorsFor("promise")} type="date" min={today} required />
              <FormError errors={errorsFor("promise")} />
              <button type="submit" className="btn-primary w-full sm:w-auto">{t("collect.promise.submit")}</button>
            </PostForm>
          </section>

          <section className="card space-y-3" aria-labelledby="note-h">
            <h3 id="note-h" className="font-semibold">{t("collect.note.title")}</h3>
            <PostForm key={`note-${search.get("at") ?? ""}`} className="space-y-3" replace>
              <input type="hidden" name="intent" value="note" />
              <input type="hidden" name="activityId" value={ids.note} />
              <div className="space-y-1">
                <div className="flex items-baseline">
                  <label htmlFor="field-case-note" className="block text-sm font-medium text-slate-800">{t("collect.note")}</label>
                  <RequiredMark />
                </div>
                <textarea id="field-case-note" name="note" rows={3} maxLength={500} required className="field-input" />
                {errorsFor("note")?.note ? (
                  <p className="text-sm font-medium text-red-700" role="alert">{translateError(t, errorsFor("note")!.note!)}</p>
                ) : null}
              </div>
              <FormError errors={errorsFor("note")} />
              <button type="submit" className="btn-primary w-full sm:w-auto">{t("collect.note.submit")}</button>
            </PostForm>
          </section>

          {supervisor ? (
            <section className="card space-y-3" aria-labelledby="reassign-h">
              <h3 id="reassign-h" className="font-semibold">{t("collect.reassign.title")}</h3>
              <PostForm className="space-y-3" replace>
                <input type="hidden" name="intent" value="reassign" />
                <Select
                  name="toUserId"
                  label={t("collect.reassign.to")}
                  errors={errorsFor("reassign")}
                  options={d.collectors.map((c) => ({ value: c.userId, label: `${c.name} · ${teamName(c.team, locale, t("collect.team.none"))}${c.userId === d.case.assignedToUserId ? " ✓" : ""}` }))}
                />
                <FormError errors={errorsFor("reassign")} />
                <button type="submit" className="btn-primary w-full sm:w-auto">{t("collect.reassign.submit")}</button>
              </PostForm>
            </section>
          ) : null}
        </>
      ) : null}

      <section className="card space-y-2" aria-labelledby="timeline-h" id="timeline">
        <h3 id="timeline-h" className="font-semibold">{t("collect.timeline.title")}</h3>
        {d.timeline.length === 0 ? <p className="text-sm text-slate-500">{t("collect.timeline.empty")}</p> : null}
        <ol className="space-y-2 text-sm" data-testid="timeline">
          {d.timeline.map((a) => (
            <li key={a.id} className="border-l-2 border-slate-200 pl-3" data-testid={`timeline-${a.kind}`}>
              <p className="text-xs text-slate-500">
                {dateTime(a.at)} · {a.by}
              </p>
              <p>
                <span className="font-medium">{t(`collect.kind.${a.kind}` as MessageKey)}</span>
                {a.kind === "contact" && a.channel ? ` · ${t(`collect.channel.${a.channel}` as MessageKey)} · ${t(`collect.outcome.${a.outcome}` as MessageKey)}` : ""}
                {a.promise ? (
                  <>
                    {" · "}
                    {t("collect.promiseLine", { amount: money(a.promise.amount), date: date(a.promise.date) })}{" "}
                    <span className={`rounded px-1.5 py-0.5 text-xs ${PROMISE_TONE[a.promise.status]}`}>{t(`collect.promise.${a.promise.status}` as MessageKey)}</span>
                  </>
                ) : null}
              </p>
              {a.note ? <p className="break-words text-slate-700">{a.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
