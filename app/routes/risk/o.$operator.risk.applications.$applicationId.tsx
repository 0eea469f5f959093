import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { smsSenderFor } from "../../sms.server";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { offerView, timelineView } from "../../borrowing.server";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { audit, borrowing, identity, investing, lending } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { Facts, Notice, OfferSummary, StatusBadge, Timeline } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { RevealReasonForm } from "../../components/reveal-reason";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { getTranslator } from "../../i18n/i18n.server";
import { describeRuleEvidence } from "./rule-evidence.server";
import { CALLBACK_OUTCOMES } from "../../../db/enums";

/** Why the operator's data could not be had (its API down, refused, not configured), when that is the case. */
function operatorDataUnavailable(evidence: unknown): string | null {
  const reason = evidence && typeof evidence === "object" ? (evidence as { unavailable?: unknown }).unavailable : undefined;
  return typeof reason === "string" ? reason : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "risk_officer");
  const detail = await orBadRequest(borrowing.applicationDetail(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor }));
  const { t } = await getTranslator(request);
  const { app } = detail;
  if (app.status === "draft") throw new Response("Not found", { status: 404 });
  const products = await lending.listActiveProducts(db, operator.id);
  const settings = await borrowing.getBorrowingSettings(db, operator.id);
  const exposure = app.idNumberHash ? await borrowing.personExposure(db, { idNumberHash: app.idNumberHash, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id }) : null;
  const url = new URL(request.url);
  // The applicant's full name, birth date and address are personal data: shown after the operator's reason gate, audited.
  const reveal = await orBadRequest(
    audit.revealPersonalData(db, {
      operatorId: operator.id,
      actorUserId: actor.userId,
      record: `loan_application:${app.id}`,
      subjectUserId: app.borrowerUserId,
      fields: ["name", "birth_date", "address"],
      reason: url.searchParams.get("reason"),
    }),
  );
  const shown = reveal.revealed;
  return {
    base: `/o/${operator.slug}/risk`,
    revealed: shown,
    done: url.searchParams.get("done"),
    id: app.id,
    status: app.status,
    mineToConfirm: app.status === "pending_confirmation" && app.proposedByUserId === actor.userId,
    facts: {
      name: shown ? (app.fullName ?? "") : investing.maskName(app.fullName),
      idMasked: app.idNumberMasked ?? "",
      birthDate: shown ? (app.birthDate ?? "") : "****",
      phone: identity.maskPhone(app.phone),
      address: shown ? `${app.region ?? ""} ${app.village ?? ""} ${app.address ?? ""}` : (app.region ?? ""),
      household: app.householdSize ?? 0,
      income: app.annualIncome ?? "0",
      incomeSource: app.incomeSource ?? "",
      amount: app.amount ?? "0",
      term: app.termMonths ?? 0,
      purpose: app.purpose ?? "",
      purposeNote: app.purposeNote ?? "",
      product: detail.product ? `${detail.product.nameZh} ${detail.product.code} v${detail.product.version}` : "",
      channel: app.channel,
      store: detail.stores.intake,
      createdBy: detail.people.createdBy,
      disbursement: app.disbursementChannel ?? "",
      passbook: `${app.passbookBank ?? ""} ${app.passbookAccountMasked ?? ""}`,
      submittedIp: app.submittedIp ?? "",
      device: app.deviceId ? `${app.deviceId.slice(0, 4)}…${app.deviceId.slice(-4)}` : "—",
      exposure: exposure?.outstandingCny ?? "0.00",
      exposureCap: settings.exposureCap,
    },
    prelim: app.prelimOutcome,
    checks: detail.checks.map((c) => ({ id: c.id, rule: c.rule, hit: c.hit, effect: c.effect, evidence: describeRuleEvidence(c.rule, c.evidence, t), unavailable: operatorDataUnavailable(c.evidence) })),
    callback: detail.callback ? { outcome: detail.callback.outcome, note: detail.callback.note } : null,
    offer: offerView(detail.offer),
    proposedBy: detail.people.proposedBy,
    confirmedBy: detail.people.confirmedBy,
    checkerThreshold: settings.checkerThreshold,
    products: products.map((p) => ({ id: p.id, label: `${p.code} ${p.nameZh} v${p.version} (¥${p.minAmount}–${p.maxAmount})` })),
    defaultProductId: app.finalProductId ?? app.productId ?? "",
    defaultAmount: app.finalAmount ?? app.amount ?? "",
    rejectReasons: borrowing.REJECT_REASONS,
    timeline: timelineView(detail),
  };
}

type Result = { form: string; errors: FieldErrors; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "risk_officer");
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const applicationId = params.applicationId ?? "";
  const note = String(form.get("note") ?? "");
  const input = { operatorId: operator.id, applicationId, actor, notify: smsSenderFor };
  try {
    if (intent === "callback") {
      await borrowing.recordCallback(db, { ...input, outcome: String(form.get("outcome") ?? "") as borrowing.CallbackOutcome, note });
    } else if (intent === "approve") {
      await borrowing.approveApplication(db, { ...input, finalAmountCny: String(form.get("finalAmount") ?? "").replace(/[,，\s]/g, ""), productId: String(form.get("productId") ?? ""), note });
    } else if (intent === "reject") {
      await borrowing.rejectApplication(db, { ...input, reasons: form.getAll("reasons").map(String), note });
    } else if (intent === "confirm") {
      await borrowing.confirmApproval(db, { ...input, note });
    } else if (intent === "decline") {
      await borrowing.declineApproval(db, { ...input, note });
    } else {
      throw new Response("Unknown intent", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return { form: intent, errors: domainErrorToFieldErrors(error), values: { finalAmount: String(form.get("finalAmount") ?? ""), note } } satisfies Result;
  }
  const reason = new URL(request.url).searchParams.get("reason");
  return redirect(`?done=${intent}${reason ? `&reason=${encodeURIComponent(reason)}` : ""}`);
}

export default function RiskApplication() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  const { t, money } = useI18n();
  const errorsFor = (form: string) => (r?.form === form ? r.errors : undefined);
  const f = d.facts;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={d.base} className="text-sm text-brand underline">
        ← {t("risk.title")}
      </Link>
      <div className="flex items-start justify-between gap-2">
        <h1 className="text-2xl font-bold">
          {f.name} <span className="text-base font-normal text-slate-500">{f.phone}</span>
        </h1>
        <StatusBadge status={d.status} testId="risk-status" />
      </div>
      {d.done ? <Notice testId="risk-done">{t(`risk.done.${d.done}` as MessageKey)}</Notice> : null}

      <section className="card">
        <h2 className="font-semibold">{t("risk.applicant")}</h2>
        {!d.revealed ? <RevealReasonForm /> : null}
        <Facts
          items={[
            [t("borrow.field.idNumber"), f.idMasked],
            [t("risk.birthDate"), f.birthDate],
            [t("borrow.field.region"), f.address],
            [t("borrow.field.householdSize"), String(f.household)],
            [t("borrow.field.annualIncome"), <Money key="i" amount={f.income} />],
            [t("borrow.field.incomeSource"), f.incomeSource],
            [t("borrow.field.amount"), <Money key="a" amount={f.amount} />],
            [t("borrow.field.term"), t("borrow.months", { n: f.term })],
            [t("borrow.field.purpose"), `${f.purpose ? t(`purpose.${f.purpose}` as MessageKey) : ""} · ${f.purposeNote}`],
            [t("risk.productChosen"), f.product],
            [t("borrow.field.disbursement"), f.disbursement ? t(`disbursement.${f.disbursement}` as MessageKey) : ""],
            [t("borrow.field.passbookAccount"), f.passbook],
            [t("risk.channel"), f.channel === "store" ? `${t("borrow.home.atStore")} ${f.store ?? ""} · ${f.createdBy ?? ""}` : t("risk.channelSelf")],
            [t("risk.ipDevice"), `${f.submittedIp} · ${f.device}`],
            [t("risk.exposure"), <span key="e">
              <Money amount={f.exposure} /> / <Money amount={f.exposureCap} />
            </span>],
          ]}
        />
      </section>

      <section className="card space-y-2">
        <h2 className="font-semibold">
          {t("risk.prelim")}: {d.prelim ? t(`risk.outcome.${d.prelim}` as MessageKey) : "—"}
        </h2>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="checks">
          {d.checks.map((c) => (
            <li key={c.id} className="py-1.5" data-rule={c.rule} data-hit={c.hit}>
              <p className="flex justify-between gap-2 font-medium">
                <span>{t(`risk.rule.${c.rule}` as MessageKey)}</span>
                <span className={c.hit ? (c.effect === "reject" ? "text-red-700" : c.effect === "approve" ? "text-green-700" : "text-amber-700") : "text-slate-500"}>
                  {c.hit ? t(`risk.effect.${c.effect}` as MessageKey) : t("risk.miss")}
                </span>
              </p>
              {c.unavailable ? (
                <p className="text-sm text-amber-800" data-testid="operator-data-unavailable">
                  {t(`risk.operatorData.unavailable.${c.unavailable}` as MessageKey)}
                </p>
              ) : null}
              <p className="text-xs break-all text-slate-500">{c.evidence}</p>
            </li>
          ))}
        </ul>
      </section>

      {d.status === "referred" ? (
        <PostForm className="card space-y-3" replace>
          <h2 className="font-semibold">{t("risk.callback.title")}</h2>
          <p className="text-sm text-slate-600">{t("risk.callback.lead", { phone: f.phone })}</p>
          {d.callback?.note ? <p className="text-sm">{t("risk.callback.last", { note: d.callback.note })}</p> : null}
          <FormError errors={errorsFor("callback")} />
          <fieldset className="space-y-1">
            {CALLBACK_OUTCOMES.map((o) => (
              <label key={o} className="flex min-h-11 items-center gap-2">
                <input type="radio" name="outcome" value={o} required defaultChecked={o === "confirmed"} />
                {t(`risk.callback.${o}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <Field name="note" label={t("risk.callback.note")} required minLength={2} maxLength={500} errors={errorsFor("callback")} />
          <button type="submit" name="intent" value="callback" className="btn-primary w-full" disabled={busy}>
            {t("risk.callback.submit")}
          </button>
        </PostForm>
      ) : null}

      {d.status === "in_review" ? (
        <PostForm className="card space-y-3" replace>
          <h2 className="font-semibold">{t("risk.approve.title")}</h2>
          <p className="text-xs text-slate-500">{t("risk.approve.lead", { threshold: money(d.checkerThreshold) })}</p>
          <FormError errors={errorsFor("approve")} />
          <Field name="finalAmount" label={t("risk.approve.amount")} inputMode="decimal" required defaultValue={r?.values?.finalAmount || d.defaultAmount} errors={errorsFor("approve")} />
          <div className="space-y-1">
            <label htmlFor="field-productId" className="block text-sm font-medium">
              {t("risk.approve.product")}
            </label>
            <select id="field-productId" name="productId" className="field-input" defaultValue={d.defaultProductId}>
              {d.products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
            {errorsFor("approve")?.productId ? <p className="text-sm font-medium text-red-700">{translateError(t, errorsFor("approve")!.productId!)}</p> : null}
          </div>
          <Field name="note" label={t("risk.note")} maxLength={500} />
          <button type="submit" name="intent" value="approve" className="btn-primary w-full" disabled={busy}>
            {t("risk.approve.submit")}
          </button>
        </PostForm>
      ) : null}

      {d.status === "pending_confirmation" && d.offer ? (
        <section className="card space-y-3">
          <h2 className="font-semibold">{t("risk.confirm.title")}</h2>
          <p className="text-sm">{t("risk.confirm.proposedBy", { name: d.proposedBy ?? "" })}</p>
          <OfferSummary offer={d.offer} withSchedule={false} />
          <FormError errors={errorsFor("confirm") ?? errorsFor("decline")} />
          {d.mineToConfirm ? (
            <p className="text-sm text-slate-500" data-testid="own-approval">{t("risk.confirm.own")}</p>
          ) : (
            <PostForm className="space-y-2" replace>
              <Field name="note" label={t("risk.note")} maxLength={500} />
              <div className="flex gap-2">
                <button type="submit" name="intent" value="confirm" className="btn-primary flex-1" disabled={busy}>
                  {t("risk.confirm.submit")}
                </button>
                <button type="submit" name="intent" value="decline" className="btn-secondary flex-1" disabled={busy}>
                  {t("risk.confirm.decline")}
                </button>
              </div>
            </PostForm>
          )}
        </section>
      ) : null}

      {d.status === "approved" || d.status === "signed" ? (
        d.offer ? (
          <section className="card space-y-2">
            <h2 className="font-semibold">{t("borrow.detail.offer")}</h2>
            <p className="text-xs text-slate-500">
              {t("risk.approvedBy", { name: d.proposedBy ?? "" })}
              {d.confirmedBy ? ` · ${t("risk.confirmedBy", { name: d.confirmedBy })}` : ""}
            </p>
            <OfferSummary offer={d.offer} />
          </section>
        ) : null
      ) : null}

      {["referred", "in_review", "pending_confirmation"].includes(d.status) ? (
        <PostForm className="card space-y-3" replace>
          <h2 className="font-semibold">{t("risk.reject.title")}</h2>
          <FormError errors={errorsFor("reject")} />
          <fieldset className="grid grid-cols-1 gap-1 sm:grid-cols-2">
            {d.rejectReasons.map((reason) => (
              <label key={reason} className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" name="reasons" value={reason} />
                {t(`borrow.rejectReason.${reason}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          {errorsFor("reject")?.reasons ? <p className="text-sm font-medium text-red-700">{translateError(t, errorsFor("reject")!.reasons!)}</p> : null}
          <Field name="note" label={t("risk.note")} maxLength={500} />
          <button type="submit" name="intent" value="reject" className="btn-secondary w-full" disabled={busy}>
            {t("risk.reject.submit")}
          </button>
        </PostForm>
      ) : null}

      <section className="card space-y-2">
        <h2 className="font-semibold">{t("borrow.detail.timeline")}</h2>
        <Timeline items={d.timeline} />
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
