import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { addDays, beijingDate, dateParam } from "../../finance.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { reconciliation } from "../../services.server";
import { FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance", { reads: "replica" });
  const url = new URL(request.url);
  const today = beijingDate();
  // The 14 days shown end today, or on the day asked for (a file about older days leads there).
  const toDate = dateParam(url, "to") ?? today;
  const overview = await reconciliation.getReconciliationOverview(db, { operatorId: operator.id, toDate });
  return {
    base: `/o/${operator.slug}/finance/reconciliation`,
    toDate,
    channels: reconciliation.channelNames(),
    days: overview.days,
    cells: overview.cells.map((c) => ({ ...c, signedOff: c.signedOff ? { by: c.signedOff.by, at: c.signedOff.at.toISOString() } : null })),
    imports: overview.imports.map((i) => ({ id: i.id, source: i.source, fileName: i.fileName, lineCount: i.lineCount, importedAt: i.importedAt.toISOString(), firstDate: i.firstDate })),
    // Outside production: the files the sandbox bank, operator, stores and Stripe would send for
    // a day, so the demo can be reconciled end to end (download, then import above).
    sandbox: getConfig().production
      ? null
      : await (async () => {
          // Generated only when asked for, not on every visit of the dashboard.
          const asked = dateParam(url, "sandboxDate");
          const date = asked ?? addDays(today, -1);
          const files = asked ? await reconciliation.generateSandboxStatements(db, { operatorId: operator.id, date }) : null;
          return { date, files: files?.map((f) => ({ source: f.source, fileName: f.fileName })) ?? null };
        })(),
    notice: url.searchParams.get("imported") ? { file: url.searchParams.get("imported")!, lines: url.searchParams.get("lines") ?? "0", already: url.searchParams.get("already") === "1" } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  const source = String(form.get("source") ?? "");
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    return { errors: { file: { key: "error.statement.file_rejected", params: { line: 1, message: "empty" } } } as FieldErrors };
  }
  try {
    const imported = await reconciliation.importStatement(db, {
      operatorId: operator.id,
      source,
      fileName: (file as File).name ?? "statement.csv",
      bytes: new Uint8Array(await file.arrayBuffer()),
      actor: { userId: session.user.id },
    });
    for (const date of imported.dates) {
      try {
        await reconciliation.reconcileDay(db, { operatorId: operator.id, channel: imported.source, date });
      } catch (error) {
        // A day already signed off is not matched again; the import still stands.
        if (!(error instanceof Error && "code" in error && (error as { code: string }).code === "reconciliation.day_signed_off")) throw error;
      }
    }
    const q = new URLSearchParams({ imported: imported.fileName, lines: String(imported.lineCount), already: imported.alreadyImported ? "1" : "0" });
    return redirect(`?${q}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

export default function ReconciliationDashboard() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, date, dateTime } = useI18n();
  const errors = result?.errors;
  const channelName = (c: string) => t(`reconcile.channel.${c}` as MessageKey);
  const openByDay = data.days.map((date) => ({ date, open: data.cells.filter((c) => c.date === date).reduce((n, c) => n + c.open + c.awaiting, 0) }));
  const maxOpen = Math.max(1, ...openByDay.map((d) => d.open));

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("reconcile.lead")}</p>
      {data.notice ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status" data-testid="import-done">
          {data.notice.already ? t("reconcile.upload.already", { file: data.notice.file }) : t("reconcile.upload.done", { file: data.notice.file, lines: data.notice.lines })}
        </p>
      ) : null}

      <PostForm className="card space-y-3" encType="multipart/form-data" replace>
        <h2 className="text-lg font-semibold">{t("reconcile.upload.title")}</h2>
        <FormError errors={errors?._form ? errors : undefined} />
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="field-source" className="block text-sm font-medium">
              {t("reconcile.upload.source")}
            </label>
            <select id="field-source" name="source" className="field-input" required defaultValue="">
              <option value="" disabled>
                —
              </option>
              {data.channels.map((c) => (
                <option key={c} value={c}>
                  {channelName(c)}
                </option>
              ))}
            </select>
            {errors?.source ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {translateError(t, errors.source)}
              </p>
            ) : null}
          </div>
          <div className="space-y-1">
            <label htmlFor="field-file" className="block text-sm font-medium">
              {t("reconcile.upload.file")}
            </label>
            <input id="field-file" name="file" type="file" accept=".csv,text/csv" required className="block w-full text-sm" aria-describedby="field-file-error" />
            {errors?.file ? (
              <p id="field-file-error" className="text-sm font-medium text-red-700" role="alert" data-testid="file-error">
                {translateError(t, errors.file)}
              </p>
            ) : null}
          </div>
        </div>
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
          {t("reconcile.upload.submit")}
        </button>
      </PostForm>

      <section className="card space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{t("reconcile.status.title")}</h2>
          <a href={`${data.base}.csv?to=${data.toDate}`} className="btn-secondary text-sm" download data-testid="export-breaks">
            {t("reconcile.export")}
          </a>
        </div>
        <p className="text-xs text-slate-500">{t("reconcile.xlsxNote")}</p>
        <Form method="get" className="flex flex-wrap items-end gap-2" data-testid="window-form">
          <div className="space-y-1">
            <label htmlFor="field-to" className="block text-sm font-medium">
              {t("reconcile.window.to")}
            </label>
            <input id="field-to" name="to" type="date" defaultValue={data.toDate} className="field-input" />
          </div>
          <button type="submit" className="btn-secondary">
            {t("reconcile.window.show")}
          </button>
        </Form>
        <figure>
          <figcaption className="text-sm font-medium">{t("reconcile.trend.title")}</figcaption>
          <svg viewBox="0 0 280 60" className="h-16 w-full" role="img" aria-label={t("reconcile.trend.title")}>
            {[...openByDay].reverse().map((d, i) => {
              const h = (d.open / maxOpen) * 50;
              return (
                <rect key={d.date} x={i * 20 + 2} y={55 - h} width={16} height={Math.max(h, 1)} className={d.open > 0 ? "fill-amber-500" : "fill-slate-300"}>
                  <title>{t("reconcile.trend.label", { date: date(d.date), count: d.open })}</title>
                </rect>
              );
            })}
          </svg>
        </figure>
        <ul className="space-y-2" data-testid="recon-status">
          {data.days.map((day) => {
            const quiet = data.cells.every((c) => c.date !== day || (c.matched + c.open + c.awaiting + c.resolved === 0 && !c.signedOff));
            // A day with nothing in any channel takes one line, so the phone list stays short.
            if (quiet) return (
              <li key={day} className="rounded-lg border border-slate-100 px-2 py-1 text-xs text-slate-500">
                {date(day)} · {t("reconcile.noData")}
              </li>
            );
            return (
            <li key={day} className="rounded-lg border border-slate-200 p-2">
              <p className="text-sm font-semibold">{date(day)}</p>
              <ul className="mt-1 grid gap-1 sm:grid-cols-5">
                {data.channels.map((channel) => {
                  const cell = data.cells.find((c) => c.channel === channel && c.date === day)!;
                  const hasData = cell.matched + cell.open + cell.awaiting + cell.resolved > 0 || cell.signedOff;
                  return (
                    <li key={channel}>
                      <Link
                        to={`${data.base}/${channel}/${day}`}
                        className={`flex min-h-11 flex-col justify-center rounded px-2 py-1 text-xs ${cell.signedOff ? "bg-green-50 text-green-900" : cell.open + cell.awaiting > 0 ? "bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-600"}`}
                        data-testid={`cell-${channel}-${day}`}
                      >
                        <span className="font-medium">{channelName(channel)}</span>
                        {hasData ? (
                          <span>
                            {t("reconcile.col.open")} {cell.open + cell.awaiting} · <Money amount={cell.unexplained} /> · {cell.signedOff ? t("reconcile.signed") : t("reconcile.notSigned")}
                          </span>
                        ) : (
                          <span>{t("reconcile.noData")}</span>
                        )}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </li>
            );
          })}
        </ul>
      </section>

      {data.sandbox ? (
        <section className="card space-y-2" data-testid="sandbox-statements">
          <h2 className="text-lg font-semibold">{t("reconcile.sandbox.title")}</h2>
          <p className="text-sm text-slate-600">{t("reconcile.sandbox.lead")}</p>
          <form method="get" className="flex flex-wrap items-end gap-2">
            <label className="space-y-1 text-sm">
              <span className="block font-medium">{t("reconcile.sandbox.date")}</span>
              <input type="date" name="sandboxDate" defaultValue={data.sandbox.date} className="field-input" />
            </label>
            <button type="submit" className="btn-secondary">
              {t("reconcile.sandbox.show")}
            </button>
          </form>
          {data.sandbox.files === null ? null : data.sandbox.files.length === 0 ? (
            <p className="text-sm text-slate-500">{t("reconcile.sandbox.none")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.sandbox.files.map((f) => (
                <li key={f.fileName} className="break-all">
                  <a className="link" download href={`${data.base}/sandbox.csv?${new URLSearchParams({ date: data.sandbox!.date, source: f.source })}`}>
                    {channelName(f.source)} · {f.fileName}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {data.imports.length > 0 ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("reconcile.imports.title")}</h2>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="recent-imports">
            {data.imports.map((i) => (
              <li key={i.id} className="py-1 break-all">
                {i.firstDate ? (
                  <Link to={`${data.base}/${i.source}/${i.firstDate}`} className="text-brand underline">
                    {channelName(i.source)} · {i.fileName}
                  </Link>
                ) : (
                  <>
                    {channelName(i.source)} · {i.fileName}
                  </>
                )}{" "}
                · {i.lineCount} · {dateTime(i.importedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
