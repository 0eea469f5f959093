import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { investing } from "../../services.server";
import { FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Notice } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  const url = new URL(request.url);
  return {
    base: `/o/${operator.slug}`,
    registered: url.searchParams.get("registered") === "1",
    done: url.searchParams.get("done") === "1",
    hasProfile: !!status.profile,
    risk: status.risk ? { grade: status.risk.grade, score: status.risk.score, expiresAt: status.risk.expiresAt.toISOString(), expired: status.risk.expired } : null,
    questions: investing.RISK_QUESTIONS.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const answers = Object.fromEntries(investing.RISK_QUESTIONS.map((q) => [q.id, form.get(`q_${q.id}`)?.toString()]));
  try {
    await investing.submitRiskAssessment(db, { operatorId: operator.id, userId: session.user.id, answers });
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), answers };
  }
  return redirect(`/o/${operator.slug}/invest/risk?done=1`);
}

const GRADE_ALLOWS: Record<string, MessageKey> = { conservative: "risk.allows.conservative", balanced: "risk.allows.balanced", aggressive: "risk.allows.aggressive" };

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function RiskAssessment() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, date } = useI18n();
  const errors = result?.errors;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("riskAssessment.title")}</h1>
      {data.registered ? <Notice testId="registered-notice">{t("register.done")}</Notice> : null}
      {data.risk ? (
        <section className="card space-y-2" data-testid="risk-result">
          <p className="text-sm text-slate-500">{t("risk.current")}</p>
          <p className="text-2xl font-bold text-brand" data-testid="risk-grade">
            {t(`risk.grade.${data.risk.grade}` as MessageKey)}
          </p>
          <p className="text-sm">{t(GRADE_ALLOWS[data.risk.grade]!)}</p>
          <p className="text-xs text-slate-500">
            {data.risk.expired ? t("risk.expired") : t("risk.validUntil", { date: date(data.risk.expiresAt) })}
          </p>
          {data.done || !data.risk.expired ? (
            <Link to={data.hasProfile ? `${data.base}/invest` : `${data.base}/invest/register`} className="btn-primary w-full" data-testid="risk-continue">
              {data.hasProfile ? t("risk.toList") : t("risk.toRegister")}
            </Link>
          ) : null}
        </section>
      ) : null}
      <PostForm className="card space-y-5" replace>
        <h2 className="font-semibold">{data.risk ? t("risk.redo") : t("risk.lead")}</h2>
        <FormError errors={errors?._form ? errors : undefined} />
        {data.questions.map((q, index) => {
          const error = errors?.[`q_${q.id}`];
          return (
            <fieldset key={q.id} className="space-y-2" aria-invalid={error ? true : undefined}>
              <legend className="font-medium">
                {index + 1}. {t(`risk.q.${q.id}` as MessageKey)}
              </legend>
              {q.options.map((o) => (
                <label key={o} className="flex min-h-11 items-center gap-3 rounded-lg border border-slate-200 px-3 has-[:checked]:border-brand has-[:checked]:bg-brand-soft">
                  <input type="radio" name={`q_${q.id}`} value={o} defaultChecked={result?.answers[q.id] === o} className="size-5" />
                  <span>{t(`risk.q.${q.id}.${o}` as MessageKey)}</span>
                </label>
              ))}
              {error ? (
                <p className="text-sm font-medium text-red-700" role="alert">
                  {translateError(t, error)}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("risk.submit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
