import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { audit, identity } from "../../services.server";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "../../db.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { requireUser } from "../../guard.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, user } = await requireUser(request, params);
  return {
    slug: operator.slug,
    user: { name: user.name, phoneMasked: identity.maskPhone(user.phone), roles: user.roles, hasPassword: user.hasPassword },
  };
}

type ActionResult = { done: "password" | "signedOutEverywhere" } | { errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs): Promise<ActionResult> {
  const { operator, session } = await requireUser(request, params);
  const form = await readForm(request, context);
  const db = await getDb();
  if (form.get("intent") === "signOutEverywhere") {
    await db.transaction(async (tx) => {
      await identity.invalidateUserSessions(tx, session.user.id, session.sessionId);
      await audit.recordAudit(tx, { operatorId: operator.id, actorUserId: session.user.id, action: "session.signed_out_everywhere" });
    });
    return { done: "signedOutEverywhere" };
  }
  const passwordSchema = z.object({
    currentPassword: z.string().optional(),
    newPassword: z.string().min(1, "password.required"),
  });
  const parsed = validateForm(passwordSchema, form);
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    await identity.setPassword(db, { userId: session.user.id, ...parsed.data, keepSessionId: session.sessionId, source: context.clientIp });
    return { done: "password" };
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Account() {
  const { user, slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <dl className="card divide-y divide-slate-100">
        <div className="flex justify-between gap-4 py-2">
          <dt className="text-slate-500">{t("account.name")}</dt>
          <dd>{user.name ?? t("account.nameUnset")}</dd>
        </div>
        <div className="flex justify-between gap-4 py-2">
          <dt className="text-slate-500">{t("account.phone")}</dt>
          <dd data-testid="account-phone">{user.phoneMasked}</dd>
        </div>
        <div className="flex justify-between gap-4 py-2">
          <dt className="text-slate-500">{t("account.roles")}</dt>
          <dd className="text-right">
            {(user.roles.length ? user.roles : ["none"]).map((role) => t(`role.${role}` as MessageKey)).join("、")}
          </dd>
        </div>
        <div className="flex justify-between gap-4 py-2">
          <dt className="text-slate-500">{t("account.password.title")}</dt>
          <dd>{user.hasPassword ? t("account.password.has") : t("account.password.none")}</dd>
        </div>
      </dl>

      {result && "done" in result ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status">
          {result.done === "password" ? t("account.password.saved") : t("account.signedOutEverywhere")}
        </p>
      ) : null}

      <PostForm className="card space-y-4" replace>
        <h2 className="font-semibold">{user.hasPassword ? t("account.password.change") : t("account.password.set")}</h2>
        <FormError errors={errors} />
        {user.hasPassword ? (
          <Field name="currentPassword" label={t("account.password.current")} type="password" autoComplete="current-password" required errors={errors} />
        ) : null}
        <Field
          name="newPassword"
          label={t("account.password.new")}
          hint={t("account.password.hint")}
          type="password"
          autoComplete="new-password"
          required
          errors={errors}
        />
        <button type="submit" name="intent" value="password" className="btn-primary w-full" disabled={busy}>
          {user.hasPassword ? t("account.password.change") : t("account.password.set")}
        </button>
      </PostForm>

      <Link to={`/o/${slug}/account/privacy`} className="card block font-medium text-brand-dark underline" data-testid="account-privacy">
        {t("account.privacyLink")}
      </Link>

      <div className="card flex flex-col gap-3 sm:flex-row">
        <PostForm replace className="flex-1">
          <button type="submit" name="intent" value="signOutEverywhere" className="btn-secondary w-full" disabled={busy}>
            {t("account.signOutEverywhere")}
          </button>
        </PostForm>
        <PostForm action={`/o/${slug}/logout`} className="flex-1">
          <button type="submit" className="btn-primary w-full" data-testid="sign-out">
            {t("account.signOut")}
          </button>
        </PostForm>
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
