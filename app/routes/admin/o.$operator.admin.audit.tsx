import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { auditPageData } from "../../audit.server";
import { readForm } from "../../forms.server";
import { audit } from "../../services.server";
import { AdminTabs } from "../../components/admin-tabs";
import { AuditLogView } from "../../components/audit-log";
import { PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const signedIn = await requireUser(request, params, "admin");
  const base = `/o/${signedIn.operator.slug}/admin`;
  return { base, reasonRequired: await audit.revealReasonRequired(signedIn.db, signedIn.operator.id), log: await auditPageData(request, signedIn, base) };
}

/** The operator's rule: a stated reason before unmasked personal data is shown (default off). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  await audit.setRevealReasonRequired(db, { operatorId: operator.id, required: form.get("required") === "on", actorUserId: actor.userId });
  return redirect("?saved=1");
}

function ReasonSetting({ required }: { required: boolean }) {
  const { t } = useI18n();
  const [search] = useSearchParams();
  return (
    <section className="card space-y-2" aria-labelledby="reason-h" data-testid="reason-setting">
      <h2 id="reason-h" className="font-semibold">
        {t("audit.setting.title")} · <span className={required ? "text-green-700" : "text-slate-500"}>{t(required ? "audit.setting.on" : "audit.setting.off")}</span>
      </h2>
      <p className="text-sm text-slate-600">{t("audit.setting.lead")}</p>
      {search.get("saved") ? (
        <p className="text-sm font-medium text-green-800" role="status">
          {t("audit.setting.saved")}
        </p>
      ) : null}
      <PostForm>
        <input type="hidden" name="required" value={required ? "off" : "on"} />
        <button type="submit" className="btn-secondary">
          {t(required ? "audit.setting.turnOff" : "audit.setting.turnOn")}
        </button>
      </PostForm>
    </section>
  );
}

export default function AdminAuditLog() {
  const { base, reasonRequired, log } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={base} />
      <ReasonSetting required={reasonRequired} />
      <AuditLogView data={log} />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
