import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { beijingDate } from "../../finance.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { channels } from "../../services.server";
import { FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { dueProcessingDeps } from "../../due.server";
import { smsSenderFor } from "../../sms.server";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const [deductions, settlements] = await Promise.all([
    channels.listPhonebillDeductions(db, { operatorId: operator.id, limit: 30 }),
    channels.listPhonebillSettlements(db, { operatorId: operator.id, limit: 14 }),
  ]);
  return { base: `/o/${operator.slug}/finance/phonebill`, today: beijingDate(), deductions, settlements };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  if (form.get("intent") === "poll") {
    // 查询扣费结果: the billing's answers, booked as due processing books them (the borrowers' repay-now included).
    try {
      const billing = await channels.billingFor({ db, deps: dueProcessingDeps(), operatorId: operator.id });
      const polled = await channels.pollPhonebillAnswers(db, { operatorId: operator.id, billing, notify: smsSenderFor });
      return { errors: null, recorded: null, polled };
    } catch (error) {
      if (!(error instanceof channels.BillingUnavailableError)) throw error;
      return { errors: { poll: { key: "error.channels.billing_unavailable" } } as FieldErrors, recorded: null, polled: null };
    }
  }
  const schema = z.object({
    file: z
      .instanceof(Blob, { message: "channels.file.missing" })
      .refine((f) => f.size > 0, "channels.file.missing")
      .refine((f) => f.size <= MAX_FILE_BYTES, "channels.file.tooLarge"),
  });
  const parsed = schema.safeParse({ file: form.get("file") });
  if (!parsed.success) return { errors: { file: { key: parsed.error.issues[0]!.message } } as FieldErrors, recorded: null, polled: null };
  try {
    const lines = channels.readSettlement(new Uint8Array(await parsed.data.file.arrayBuffer()));
    const recorded = await channels.recordPhonebillSettlement(db, { operatorId: operator.id, settlementId: lines[0]!.settlementId, lines, postedBy: { userId: session.user.id } });
    return { errors: null, recorded, polled: null };
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), recorded: null, polled: null };
  }
}

export default function FinancePhonebill() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, dateTime, money } = useI18n();
  const fileError = result?.errors?.file;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("channels.ph.lead")}</p>

      <section className="card space-y-2" aria-labelledby="ph-poll">
        <h2 id="ph-poll" className="text-lg font-semibold">
          {t("channels.ph.poll")}
        </h2>
        <p className="text-sm text-slate-600">{t("channels.ph.pollHint")}</p>
        {result?.polled ? (
          <p className="rounded-lg bg-green-50 p-3 text-sm text-green-800" role="status" data-testid="phonebill-polled">
            {t("channels.ph.polled", { answers: result.polled.answers, applied: result.polled.applied, refused: result.polled.refused })}
          </p>
        ) : null}
        <PostForm replace>
          <button type="submit" name="intent" value="poll" className="btn-primary w-full sm:w-auto" disabled={busy} data-testid="phonebill-poll">
            {t("channels.ph.poll")}
          </button>
        </PostForm>
        {result?.errors?.poll ? (
          <p className="text-sm font-medium text-red-700" role="alert">
            {translateError(t, result.errors.poll)}
          </p>
        ) : null}
      </section>

      <section className="card space-y-2" aria-labelledby="ph-settlements">
        <h2 id="ph-settlements" className="text-lg font-semibold">
          {t("channels.ph.settlements")}
        </h2>
        {data.settlements.length === 0 ? (
          <p className="text-slate-500">{t("finance.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 text-sm" data-testid="phonebill-settlements">
            {data.settlements.map((s) => (
              <li key={s.settlementId ?? "-"} className="flex flex-col gap-1 py-2 sm:flex-row sm:justify-between">
                <span className="font-medium break-all">{s.settlementId ?? t("channels.ph.unsettled")}</span>
                <span>{t("channels.ph.settlementLine", { count: s.count, amount: money(s.deducted) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="ph-upload">
        <h2 id="ph-upload" className="text-lg font-semibold">
          {t("channels.ph.upload")}
        </h2>
        {result?.recorded ? (
          <p className="rounded-lg bg-green-50 p-3 text-sm text-green-800" role="status" data-testid="settlement-recorded">
            {result.recorded.replayed
              ? t("channels.ph.replayed", { id: result.recorded.settlementId })
              : t("channels.ph.recorded", { id: result.recorded.settlementId, net: money(result.recorded.net), commission: money(result.recorded.commission) })}
          </p>
        ) : null}
        <PostForm encType="multipart/form-data" className="space-y-3" replace>
          <div className="space-y-1">
            <label htmlFor="field-file" className="block text-sm font-medium text-slate-800">
              {t("channels.ph.file")}
            </label>
            <input id="field-file" name="file" type="file" accept=".csv,text/csv" required className="block w-full text-sm" aria-invalid={fileError ? true : undefined} aria-describedby={`field-file-hint${fileError ? " field-file-error" : ""}`} />
            <p id="field-file-hint" className="text-sm text-slate-500">
              {t("channels.ph.fileHint")}
            </p>
            {fileError ? (
              <p id="field-file-error" className="text-sm font-medium text-red-700" role="alert">
                {translateError(t, fileError)}
              </p>
            ) : null}
          </div>
          <FormError errors={result?.errors ?? undefined} />
          <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
            {t("channels.pb.submit")}
          </button>
        </PostForm>
        <Form method="get" action={`${data.base}/sandbox-settlement.csv`} reloadDocument className="flex flex-col gap-2 border-t border-slate-200 pt-3 sm:flex-row sm:items-end">
          <div className="space-y-1">
            <label htmlFor="sandbox-date" className="block text-sm font-medium text-slate-800">
              {t("channels.ph.sandbox")} — {t("channels.ph.sandboxDate")}
            </label>
            <input id="sandbox-date" name="date" type="date" defaultValue={data.today} className="field-input" required />
          </div>
          <button type="submit" className="btn-secondary">
            {t("channels.ph.sandboxDownload")}
          </button>
        </Form>
      </section>

      <section className="space-y-2" aria-labelledby="ph-deductions">
        <h2 id="ph-deductions" className="text-lg font-semibold">
          {t("channels.ph.deductions")}
        </h2>
        {data.deductions.length === 0 ? (
          <p className="card text-slate-500">{t("finance.none")}</p>
        ) : (
          <ul className="space-y-2" data-testid="phonebill-deductions">
            {data.deductions.map((d) => (
              <li key={d.requestId} className="card flex flex-col gap-1 text-sm sm:flex-row sm:items-center sm:justify-between" data-status={d.status}>
                <div className="space-y-1">
                  <p className="font-mono text-xs break-all">{d.requestId}</p>
                  <p>
                    {d.phoneMasked} · {dateTime(d.requestedAt)}
                  </p>
                  {d.refusalReason ? <p className="text-red-800">{d.refusalReason}</p> : null}
                </div>
                <div className="space-y-1 sm:text-right">
                  <p className="font-medium">{t(`channels.ph.status.${d.status}` as MessageKey)}</p>
                  <p>
                    {t("channels.ph.requested", { amount: money(d.requestedAmount) })}
                    {d.deductedAmount ? <> · {t("channels.ph.deducted", { amount: money(d.deductedAmount) })}</> : null}
                  </p>
                  {d.settlementId ? <p className="text-slate-500 break-all">{d.settlementId}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;

