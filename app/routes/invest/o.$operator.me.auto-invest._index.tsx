import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { readForm, type FieldErrors } from "../../forms.server";
import { autoInvest } from "../../services.server";
import { RuleCard, RuleFormCard, RulePreview } from "../../components/auto-invest";
import { useI18n } from "../../components/i18n";
import { Notice, ReadinessSteps } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { investorContext, NEW_RULE_VALUES, previewView, ruleErrors, ruleFormFrom, ruleValues, type PreviewView, type RuleValues } from "./auto-invest.server";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const rules = await autoInvest.listAutoInvestRules(db, { operatorId: operator.id, investorUserId: session.user.id });
  return {
    base: `/o/${operator.slug}`,
    ...(await investorContext(db, operator.id, session.user.id)),
    rules: rules.map((r) => ({ ...ruleValues(r), id: r.id, paused: r.paused, investmentCount: r.investmentCount, investedTotal: r.investedTotal, lastAllocatedAt: r.lastAllocatedAt?.toISOString() ?? null })),
    newRule: NEW_RULE_VALUES,
  };
}

type Result = { errors?: FieldErrors; values?: RuleValues; preview?: PreviewView };

/** Create a rule, preview one, or pause/resume one of the investor's rules. */
export async function action({ request, params, context }: ActionFunctionArgs): Promise<Result | Response> {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const base = `/o/${operator.slug}/me/auto-invest`;
  const who = { operatorId: operator.id, investorUserId: session.user.id };
  if (intent === "pause" || intent === "resume") {
    try {
      await autoInvest.setAutoInvestRulePaused(db, { ...who, ruleId: String(form.get("ruleId") ?? ""), paused: intent === "pause" });
    } catch (error) {
      return { errors: ruleErrors(error) };
    }
    return redirect(`${base}?${intent === "pause" ? "paused" : "resumed"}=1`);
  }
  const values = ruleFormFrom(form);
  try {
    if (intent === "preview") return { values, preview: await previewView(db, operator.id, values) };
    await autoInvest.saveAutoInvestRule(db, { ...who, form: values });
  } catch (error) {
    return { errors: ruleErrors(error), values };
  }
  return redirect(`${base}?saved=1`);
}

export default function AutoInvestRules() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const { t } = useI18n();
  const notice = search.get("saved") ? t("auto.saved") : search.get("paused") ? t("auto.pausedNotice") : search.get("resumed") ? t("auto.resumedNotice") : null;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("auto.title")}</h1>
      {notice ? <Notice testId="auto-notice">{notice}</Notice> : null}
      <section className="card space-y-2 text-sm text-slate-700">
        <p>{t("auto.lead")}</p>
        <p data-testid="auto-fairness">{t("auto.fairness", { share: data.manualSharePercent, minutes: data.manualMinutes })}</p>
      </section>
      {!data.ready ? <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} /> : null}
      {result?.errors && !result.values ? <Notice tone="red">{t("auto.toggleFailed")}</Notice> : null}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("auto.myRules")}</h2>
        {data.rules.length === 0 ? (
          <p className="card text-slate-500">{t("auto.noRules")}</p>
        ) : (
          <ul className="space-y-3" data-testid="rules">
            {data.rules.map((rule) => (
              <RuleCard key={rule.id} rule={rule} base={data.base} busy={busy} />
            ))}
          </ul>
        )}
      </section>

      <RuleFormCard key={`${data.rules.length}-${search.toString()}`} values={result?.values ?? data.newRule} errors={result?.values ? result.errors : undefined} busy={busy} title={t("auto.newRule")} saveLabel={t("auto.create")} />
      {result?.preview ? <RulePreview preview={result.preview} /> : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
