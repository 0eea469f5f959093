import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { smsSenderFor } from "../../sms.server";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { channels } from "../../services.server";
import { FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { dueProcessingDeps } from "../../due.server";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  return { base: `/o/${operator.slug}/finance/passbook`, batches: await channels.listPassbookBatches(db, { operatorId: operator.id, limit: 14 }) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  if (form.get("intent") === "exchange") {
    // 与银行交换文件: the same exchange due processing runs (the borrowers' same-day batches included).
    const deps = dueProcessingDeps();
    const exchanged = await channels.exchangePassbookFiles(db, { operatorId: operator.id, bank: channels.bankFor({ db, deps }), actorUserId: actor.userId, notify: smsSenderFor });
    return { errors: null, lines: null, exchanged };
  }
  const schema = z.object({
    file: z
      .instanceof(Blob, { message: "channels.file.missing" })
      .refine((f) => f.size > 0, "channels.file.missing")
      .refine((f) => f.size <= MAX_FILE_BYTES, "channels.file.tooLarge"),
  });
  const parsed = schema.safeParse({ file: form.get("file") });
  if (!parsed.success) return { errors: { file: { key: parsed.error.issues[0]!.message } } as FieldErrors, lines: null, exchanged: null };
  const file = parsed.data.file;
  try {
    const result = await channels.importPassbookResults(db, {
      operatorId: operator.id,
      fileBytes: new Uint8Array(await file.arrayBuffer()),
      fileName: "name" in file ? String((file as File).name) : undefined,
      actorUserId: actor.userId,
      notify: smsSenderFor,
    });
    return { errors: null, lines: result.lines.map((l) => ({ line: l.line, reference: l.reference, status: l.status, debited: l.debited, outcome: l.outcome })), exchanged: null };
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), lines: null, exchanged: null };
  }
}

export default function FinancePassbook() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useI18n();
  const fileError = result?.errors?.file;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("channels.pb.lead")}</p>

      <section className="card space-y-2" aria-labelledby="pb-exchange">
        <h2 id="pb-exchange" className="text-lg font-semibold">
          {t("channels.pb.exchange")}
        </h2>
        <p className="text-sm text-slate-600">{t("channels.pb.exchangeHint")}</p>
        {result?.exchanged ? (
          <p className="rounded-lg bg-green-50 p-3 text-sm text-green-800" role="status" data-testid="passbook-exchanged">
            {t("channels.pb.exchanged", { submitted: result.exchanged.submitted, answered: result.exchanged.answered })}
          </p>
        ) : null}
        <PostForm replace>
          <button type="submit" name="intent" value="exchange" className="btn-primary w-full sm:w-auto" disabled={busy} data-testid="passbook-exchange">
            {t("channels.pb.exchange")}
          </button>
        </PostForm>
      </section>

      <section className="card space-y-3" aria-labelledby="pb-upload">
        <h2 id="pb-upload" className="text-lg font-semibold">
          {t("channels.pb.upload")}
        </h2>
        <PostForm encType="multipart/form-data" className="space-y-3" replace>
          <div className="space-y-1">
            <label htmlFor="field-file" className="block text-sm font-medium text-slate-800">
              {t("channels.pb.file")}
            </label>
            <input id="field-file" name="file" type="file" accept=".csv,text/csv" required className="block w-full text-sm" aria-invalid={fileError ? true : undefined} aria-describedby={`field-file-hint${fileError ? " field-file-error" : ""}`} />
            <p id="field-file-hint" className="text-sm text-slate-500">
              {t("channels.pb.fileHint")}
            </p>
            {fileError ? (
              <p id="field-file-error" className="text-sm font-medium text-red-700" role="alert" data-testid="file-error">
                {translateError(t, fileError)}
              </p>
            ) : null}
          </div>
          <FormError errors={result?.errors ?? undefined} />
          <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
            {t("channels.pb.submit")}
          </button>
        </PostForm>
        {result?.lines ? (
          <div className="space-y-2" data-testid="import-result">
            <p className="font-medium">{t("channels.pb.imported", { count: result.lines.length })}</p>
            <ul className="divide-y divide-slate-200 text-sm">
              {result.lines.map((l) => (
                <li key={l.line} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:justify-between">
                  <span className="text-slate-500">{t("channels.line", { line: l.line })}</span>
                  <span className="font-mono break-all">{l.reference}</span>
                  <span>{t(`channels.pbs.${l.status}` as MessageKey)}</span>
                  <Money amount={l.debited} />
                  <span className="font-medium">{t(`channels.outcome.${l.outcome}` as MessageKey)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section className="space-y-2" aria-labelledby="pb-batches">
        <h2 id="pb-batches" className="text-lg font-semibold">
          {t("channels.pb.batches")}
        </h2>
        {data.batches.length === 0 ? (
          <p className="card text-slate-500">{t("finance.none")}</p>
        ) : (
          <ul className="space-y-2" data-testid="passbook-batches">
            {data.batches.map((b) => (
              <li key={b.id} className="card flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                <div className="space-y-1">
                  <p className="font-semibold">
                    {b.batchDate} · #{b.batchNo}
                  </p>
                  <p className="text-sm text-slate-600">
                    {t("channels.pb.count")} {b.count} · {t("channels.pb.total")} <Money amount={b.total} />
                  </p>
                  <p className="text-sm text-slate-600">
                    {t("channels.pb.statuses", { sent: b.statusCounts.sent, succeeded: b.statusCounts.succeeded, insufficient: b.statusCounts.insufficient_funds, closed: b.statusCounts.account_closed })}
                  </p>
                </div>
                <a href={`${data.base}/${b.id}.csv`} download={b.fileName} className="btn-secondary text-center">
                  {t("channels.pb.download")}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
