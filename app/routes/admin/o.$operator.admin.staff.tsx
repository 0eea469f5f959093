import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { administration } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { AdminTabs } from "../../components/admin-tabs";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { STAFF_ROLES } from "../../../services/identity/roles";

const DONE = ["granted", "pending", "already_held", "approved", "rejected", "revoked", "twoFactor"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const { staff, requests } = await administration.listStaff(db, { operatorId: operator.id, viewerUserId: actor.userId });
  const done = new URL(request.url).searchParams.get("done");
  return {
    base: `/o/${operator.slug}/admin`,
    done: DONE.find((d) => d === done) ?? null,
    fourEyes: administration.FOUR_EYES_ROLES as readonly string[],
    secondFactorRoles: await administration.getSecondFactorRoles(db, operator.id),
    staff,
    requests: requests.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "");
  const intent = text("intent");
  const base = { operatorId: operator.id, actorUserId: actor.userId };
  try {
    if (intent === "approve" || intent === "reject") {
      const decided = await administration.decideStaffRoleRequest(db, { ...base, requestId: text("requestId"), decision: intent, note: text("note") });
      return redirect(`?done=${decided.status}`);
    }
    if (intent === "twoFactor") {
      await administration.setSecondFactorRoles(db, { ...base, roles: form.getAll("roles").map(String) });
      return redirect("?done=twoFactor");
    }
    if (intent === "revoke") {
      const { revoked } = await administration.revokeStaffRole(db, { ...base, userId: text("userId"), role: text("role"), reason: text("reason") });
      return redirect(`?done=${revoked ? "revoked" : "already_held"}`);
    }
    const outcome = await administration.requestStaffRole(db, { ...base, phone: text("phone"), role: text("role"), reason: text("reason") });
    return redirect(`?done=${outcome.outcome}`);
  } catch (error) {
    return { intent, target: text("requestId") || `${text("userId")}:${text("role")}`, errors: domainErrorToFieldErrors(error), values: { phone: text("phone"), role: text("role"), reason: text("reason") } };
  }
}

export default function Staff() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const { t } = useI18n();
  const pending = d.requests.filter((q) => q.status === "pending");
  const decided = d.requests.filter((q) => q.status !== "pending");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={d.base} />
      {d.done ? <Notice testId="staff-done">{t(`admin.staff.done.${d.done}` as MessageKey)}</Notice> : null}
      {/* Keyed by the location: after a grant (a redirect) the form starts empty again, as without JavaScript. */}
      <GrantForm key={location.key} roles={STAFF_ROLES} fourEyes={d.fourEyes} result={r?.intent === "grant" ? r : undefined} busy={busy} />
      <section className="space-y-2" aria-labelledby="pending-title">
        <h2 id="pending-title" className="text-lg font-semibold">{t("admin.staff.pending")}</h2>
        {pending.length === 0 ? <p className="text-sm text-slate-500">{t("admin.staff.noPending")}</p> : null}
        <ul className="space-y-2">
          {pending.map((q) => (
            <PendingRequest key={q.id} request={q} result={r && (r.intent === "approve" || r.intent === "reject") && r.target === q.id ? r : undefined} busy={busy} />
          ))}
        </ul>
      </section>
      <StaffList staff={d.staff} result={r?.intent === "revoke" ? r : undefined} busy={busy} />
      <PostForm className="card space-y-2" replace>
        <h2 className="font-semibold">{t("admin.staff.twoFactorTitle")}</h2>
        <p className="text-sm text-slate-600">{t("admin.staff.twoFactorLead")}</p>
        <input type="hidden" name="intent" value="twoFactor" />
        {STAFF_ROLES.map((role) => (
          <label key={role} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="roles" value={role} defaultChecked={d.secondFactorRoles.includes(role)} />
            {t(`role.${role}` as MessageKey)}
          </label>
        ))}
        <button type="submit" className="btn-secondary w-full" disabled={busy}>
          {t("admin.staff.twoFactorSave")}
        </button>
      </PostForm>
      {decided.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t("admin.staff.decided")}</h2>
          <ul className="space-y-1 text-sm text-slate-700">
            {decided.map((q) => (
              <li key={q.id} className="card">
                {t(`admin.staff.status.${q.status}` as MessageKey)} · {q.phoneMasked} · {t(`role.${q.role}` as MessageKey)} · {t("admin.staff.askedBy", { name: q.requestedBy })}
                {q.decidedBy ? ` · ${t("admin.staff.decidedBy", { name: q.decidedBy })}` : ""}
                {q.decisionNote ? ` · ${q.decisionNote}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

type Result = { errors?: Record<string, { key: string; params?: Record<string, string | number> }>; values?: Record<string, string> };

function GrantForm({ roles, fourEyes, result, busy }: { roles: readonly string[]; fourEyes: readonly string[]; result?: Result; busy: boolean }) {
  const { t } = useI18n();
  const v = result?.values ?? {};
  return (
    <PostForm className="card max-w-xl space-y-3" replace>
      <h2 className="font-semibold">{t("admin.staff.grantTitle")}</h2>
      <p className="text-sm text-slate-600">{t("admin.staff.grantLead", { roles: fourEyes.map((role) => t(`role.${role}` as MessageKey)).join("、") })}</p>
      <FormError errors={result?.errors} />
      <input type="hidden" name="intent" value="grant" />
      <Field name="phone" label={t("admin.staff.phone")} inputMode="numeric" autoComplete="off" required maxLength={11} defaultValue={v.phone} errors={result?.errors} />
      <label className="block space-y-1">
        <span className="block text-sm font-medium text-slate-800">{t("admin.staff.role")}</span>
        <select id="field-role" name="role" className="field-input" defaultValue={v.role ?? "store_clerk"}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <Field name="reason" label={t("admin.staff.reason")} required maxLength={200} defaultValue={v.reason} errors={result?.errors} />
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {t("admin.staff.grant")}
      </button>
    </PostForm>
  );
}

type RequestView = ReturnType<typeof useLoaderData<typeof loader>>["requests"][number];

function PendingRequest({ request: q, result, busy }: { request: RequestView; result?: Result; busy: boolean }) {
  const { t, dateTime } = useI18n();
  return (
    <li className="card space-y-2" data-testid="staff-request">
      <p className="text-sm">
        <span className="font-semibold">{q.phoneMasked}</span> · {t(`role.${q.role}` as MessageKey)}
      </p>
      <p className="text-sm text-slate-600">
        {t("admin.staff.askedBy", { name: q.requestedBy })} · {dateTime(q.requestedAt)} · {q.reason}
      </p>
      {q.requestedByMe ? (
        <p className="text-sm text-amber-800">{t("admin.staff.waitForOther")}</p>
      ) : (
        <PostForm className="space-y-2" replace>
          <FormError errors={result?.errors} />
          <input type="hidden" name="requestId" value={q.id} />
          <InlineText name="note" label={t("admin.staff.note")} error={result?.errors?.reason} />
          <div className="flex gap-2">
            <button type="submit" name="intent" value="approve" className="btn-primary flex-1" disabled={busy}>
              {t("admin.staff.approve")}
            </button>
            <button type="submit" name="intent" value="reject" className="btn-secondary flex-1" disabled={busy}>
              {t("admin.staff.reject")}
            </button>
          </div>
        </PostForm>
      )}
    </li>
  );
}

function StaffList({ staff, result, busy }: { staff: ReturnType<typeof useLoaderData<typeof loader>>["staff"]; result?: Result & { target?: string }; busy: boolean }) {
  const { t } = useI18n();
  return (
    <section className="space-y-2" aria-labelledby="staff-title">
      <h2 id="staff-title" className="text-lg font-semibold">{t("admin.staff.members")}</h2>
      <ul className="space-y-2">
        {staff.map((s) => (
          <li key={s.userId} className="card space-y-2" data-testid="staff-member">
            <p className="text-sm">
              <span className="font-semibold">{s.name ?? s.phoneMasked}</span>
              {s.name ? ` · ${s.phoneMasked}` : ""}
            </p>
            {s.roles.map((role) => (
              <details key={role} className="text-sm">
                <summary className="cursor-pointer">
                  {t(`role.${role}` as MessageKey)} · <span className="text-red-700 underline">{t("admin.staff.revoke")}</span>
                </summary>
                <PostForm className="mt-2 space-y-2" replace>
                  {result?.target === `${s.userId}:${role}` ? <FormError errors={result.errors} /> : null}
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="userId" value={s.userId} />
                  <input type="hidden" name="role" value={role} />
                  <InlineText name="reason" label={t("admin.staff.revokeReason")} required error={result?.target === `${s.userId}:${role}` ? result.errors?.reason : undefined} />
                  <button type="submit" className="btn-secondary w-full" disabled={busy}>
                    {t("admin.staff.revokeConfirm", { role: t(`role.${role}` as MessageKey) })}
                  </button>
                </PostForm>
              </details>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A text input inside its label: the page repeats these per row, so they carry no ids of their own. */
function InlineText({ name, label, required, error }: { name: string; label: string; required?: boolean; error?: { key: string; params?: Record<string, string | number> } }) {
  const { t } = useI18n();
  return (
    <label className="block space-y-1">
      <span className="block text-sm font-medium text-slate-800">{label}</span>
      <input name={name} className="field-input" required={required} maxLength={200} aria-invalid={error ? true : undefined} />
      {error ? (
        <span className="block text-sm font-medium text-red-700" role="alert">
          {translateError(t, error)}
        </span>
      ) : null}
    </label>
  );
}

export const ErrorBoundary = PageErrorBoundary;
