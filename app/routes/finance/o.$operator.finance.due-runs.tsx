import { dueProcessingDeps } from "../../due.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { beijingDate } from "../../finance.server";
import { readForm, validateForm, type FieldErrors } from "../../forms.server";
import { repayment } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

/** The operator's due runs, newest date first: status, current step, each step's done/total, attempts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  // The last two weeks; older runs stay in the table (and `npm run due` reports any date).
  const runs = await repayment.listDueRuns(db, { operatorId: operator.id, limit: 14 });
  // Progress is stored as an object (JSON keys have no order): list steps in the order they run.
  const order = repayment.dueStepOrder(dueProcessingDeps());
  const rank = (name: string) => (order.indexOf(name) + order.length + 1) % (order.length + 1);
  return {
    today: beijingDate(),
    runs: runs.map((r) => ({
      id: r.id,
      runDate: r.runDate,
      status: r.status,
      step: r.step,
      attempts: r.attempts,
      steps: Object.entries(r.progress)
        .map(([name, p]) => ({ name, done: p.done, total: p.total, finished: p.finished, unavailable: Boolean(p.unavailable) }))
        .sort((a, b) => rank(a.name) - rank(b.name)),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}


/** Runs this operator's due processing for a date now (resumable; a finished date changes nothing). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "finance");
  // Inside the action: a module-level schema would ship zod to every page's browser bundle.
  const runSchema = z.object({
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "due.date_invalid")
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "due.date_invalid")
      .refine((d) => d <= beijingDate(), "due.date_future"),
  });
  const form = await readForm(request, context);
  const parsed = validateForm(runSchema, form);
  if (!parsed.ok) return { errors: parsed.errors as FieldErrors, date: String(form.get("date") ?? "") };
  const ran = await repayment.runDueProcessingNow(db, { operatorId: operator.id, date: parsed.data.date, actorUserId: actor.userId, deps: dueProcessingDeps() });
  return redirect(`?${ran.alreadyDone ? "already" : ran.runningElsewhere ? "busy" : "ran"}=${parsed.data.date}`);
}

export default function DueRuns() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const { t, formatDateTime } = useI18nWithDates();
  // A channel added later may not have a label yet: its step shows by name rather than as a raw key.
  const stepLabel = (name: string) => {
    const key = `due.stepName.${name}` as MessageKey;
    const label = t(key);
    return label === key ? name : label;
  };
  const ran = search.get("ran");
  const already = search.get("already");
  const busy = search.get("busy");
  return (
    <div className="space-y-4">
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("due.title")}</h2>
        <p className="text-sm text-slate-600">{t("due.lead")}</p>
        {ran ? (
          <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
            {t("due.ran", { date: ran })}
          </p>
        ) : null}
        {already ? (
          <p role="status" className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
            {t("due.alreadyDone", { date: already })}
          </p>
        ) : null}
        {busy ? (
          <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
            {t("due.runningElsewhere", { date: busy })}
          </p>
        ) : null}
      </section>

      <PostForm className="card space-y-3" replace>
        <h3 className="font-semibold">{t("due.runNow")}</h3>
        <p className="text-sm text-slate-600">{t("due.runNow.lead")}</p>
        <FormError errors={result?.errors} />
        <Field name="date" type="date" label={t("due.date")} defaultValue={result?.date ?? data.today} max={data.today} required errors={result?.errors} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("due.running") : t("due.runNow")}
        </button>
      </PostForm>

      <section className="card">
        {data.runs.length === 0 ? (
          <p className="text-sm text-slate-600">{t("due.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="due-runs">
            {data.runs.map((run) => (
              <li key={run.id} className="space-y-2 py-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono font-semibold">{run.runDate}</span>
                  <span className={`rounded-full px-3 py-1 text-xs font-medium ${run.status === "done" ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-800"}`}>
                    {t(`due.status.${run.status}` as MessageKey)}
                  </span>
                </div>
                <p className="text-xs text-slate-600">
                  {t("due.step")} {stepLabel(run.step)} · {t("due.attempts")} {run.attempts} · {t("due.startedAt")} {formatDateTime(run.startedAt)}
                  {run.finishedAt ? ` · ${t("due.finishedAt")} ${formatDateTime(run.finishedAt)}` : ""}
                </p>
                <details>
                  <summary className="cursor-pointer text-sm text-slate-600">{t("due.steps")}</summary>
                  <table className="mt-2 w-full text-sm">
                    <tbody>
                      {run.steps.map((s) => (
                        <tr key={s.name} className="border-t border-slate-100">
                          <td className="py-1 pr-2 break-all">{stepLabel(s.name)}</td>
                          <td className="py-1 text-right tabular-nums">
                            {s.done}/{s.total}
                          </td>
                          <td className="py-1 pl-2 text-right">
                            {s.unavailable ? <span className="font-medium text-amber-700">{t("due.stepUnavailable")}</span> : s.finished ? `✓ ${t("due.stepDone")}` : ""}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Times shown in Beijing time, the portal's business time zone. */
function useI18nWithDates() {
  const { t, locale } = useI18n();
  const formatDateTime = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  return { t, formatDateTime };
}

export const ErrorBoundary = PageErrorBoundary;
