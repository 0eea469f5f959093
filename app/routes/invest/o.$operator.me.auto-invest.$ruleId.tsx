import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { autoInvest } from "../../services.server";
import { PauseForm, RuleFormCard, RulePreview } from "../../components/auto-invest";
import { useI18n } from "../../components/i18n";
import { StatusBadge } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { previewView, ruleErrors, ruleFormFrom, ruleValues, type PreviewView, type RuleValues } from "./auto-invest.server";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const rule = await orBadRequest(autoInvest.getAutoInvestRule(db, { operatorId: operator.id, investorUserId: session.user.id, ruleId: params.ruleId ?? "" }));
  const values = ruleValues(rule);
  return { base: `/o/${operator.slug}`, id: rule.id, paused: rule.paused, values, preview: await previewView(db, operator.id, values) };
}

type Result = { errors?: FieldErrors; values?: RuleValues; preview?: PreviewView };

/** Save the edited rule, preview the edited form, or pause/resume the rule; another person's rule is not found (404). */
export async function action({ request, params, context }: ActionFunctionArgs): Promise<Result | Response> {
  const { operator, session, db } = await requireUser(request, params);
  const who = { operatorId: operator.id, investorUserId: session.user.id };
  const rule = await orBadRequest(autoInvest.getAutoInvestRule(db, { ...who, ruleId: params.ruleId ?? "" }));
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const list = `/o/${operator.slug}/me/auto-invest`;
  if (intent === "pause" || intent === "resume") {
    await autoInvest.setAutoInvestRulePaused(db, { ...who, ruleId: rule.id, paused: intent === "pause" });
    return redirect(`${list}/${rule.id}`);
  }
  const values = ruleFormFrom(form);
  try {
    if (intent === "preview") return { values, preview: await previewView(db, operator.id, values) };
    await autoInvest.saveAutoInvestRule(db, { ...who, ruleId: rule.id, form: values });
  } catch (error) {
    return { errors: ruleErrors(error), values };
  }
  return redirect(`${list}?saved=1`);
}

export default function EditAutoInvestRule() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`${data.base}/me/auto-invest`} className="text-sm text-brand underline-offset-2 hover:underline">
        ← {t("auto.back")}
      </Link>
      <div className="flex items-center justify-between gap-2">
        <h1 className="min-w-0 break-words text-2xl font-bold">{data.values.name}</h1>
        <StatusBadge tone={data.paused ? "slate" : "green"} testId="rule-status">
          {data.paused ? t("auto.status.paused") : t("auto.status.active")}
        </StatusBadge>
      </div>
      <PauseForm ruleId={data.id} paused={data.paused} busy={busy} />
      <RuleFormCard values={result?.values ?? data.values} errors={result?.errors} busy={busy} title={t("auto.editRule")} saveLabel={t("auto.saveChanges")} />
      <RulePreview preview={result?.preview ?? data.preview} />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
