import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { getOperatorSession } from "../../session.server";
import { identity } from "../../services.server";
import { getSms } from "../../sms.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

/** 忘记密码: phone → SMS code → new password, for people not signed in (signed-in people change it on 我的账户). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  if (await getOperatorSession(request, operator)) throw redirect(`/o/${operator.slug}/account`);
  const limits = identity.identityLimits;
  return { login: `/o/${operator.slug}/login?method=password`, minutes: limits.SMS_CODE_TTL_MS / 60000, min: limits.PASSWORD_MIN_LENGTH, sandboxSms: !getConfig().production, slug: operator.slug };
}

type ActionResult = { step: "phone"; phone: string; errors: FieldErrors } | { step: "code"; phone: string; phoneMasked: string; errors?: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireOperator(params);
  if (await getOperatorSession(request, operator)) throw redirect(`/o/${operator.slug}/account`);
  const form = await readForm(request, context);
  // Built here, not at module level: this module also loads in the browser, where services are absent.
  const sendSchema = z.object({ phone: identity.phoneSchema });
  const resetSchema = z.object({ phone: identity.phoneSchema, code: z.string().trim().regex(/^\d{6}$/, "code.invalid"), newPassword: z.string().min(1, "password.required") });
  const db = await getDb();
  const { secretKey } = getConfig();
  const rawPhone = String(form.get("phone") ?? "").slice(0, 20);
  const codeStep = (phone: string, errors?: FieldErrors): ActionResult => ({ step: "code", phone, phoneMasked: identity.maskPhone(phone), errors });
  if (form.get("intent") === "reset") {
    const parsed = validateForm(resetSchema, form);
    if (!parsed.ok) return identity.phoneSchema.safeParse(rawPhone).success ? codeStep(rawPhone, parsed.errors) : ({ step: "phone", phone: rawPhone, errors: parsed.errors } as ActionResult);
    try {
      await identity.resetPasswordWithCode(db, { operatorId: operator.id, ...parsed.data, secretKey, source: context.clientIp });
      return redirect(`/o/${operator.slug}/login?method=password&reset=1`);
    } catch (error) {
      return codeStep(parsed.data.phone, domainErrorToFieldErrors(error));
    }
  }
  const parsed = validateForm(sendSchema, form);
  if (!parsed.ok) return { step: "phone", phone: rawPhone, errors: parsed.errors } as ActionResult;
  try {
    await identity.sendPasswordResetCode(db, { operatorId: operator.id, phone: parsed.data.phone, requestIp: context.clientIp, secretKey, sms: getSms().codes });
    return codeStep(parsed.data.phone);
  } catch (error) {
    const errors = domainErrorToFieldErrors(error);
    // A resend refused by the throttle keeps the code step: the earlier code still works.
    return form.get("resend") === "1" ? codeStep(parsed.data.phone, { code: errors.phone ?? errors._form! }) : ({ step: "phone", phone: parsed.data.phone, errors } as ActionResult);
  }
}

export default function PasswordReset() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const codeStep = r?.step === "code" ? r : null;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("reset.title")}</h1>
      <p className="text-sm text-slate-600">{t("reset.intro")}</p>
      {codeStep ? (
        <PostForm className="card space-y-4" replace>
          <input type="hidden" name="phone" value={codeStep.phone} />
          <input type="hidden" name="resend" value="1" />
          <FormError errors={codeStep.errors} />
          <p className="text-sm text-slate-700" role="status" data-testid="code-sent">
            {t("reset.sent", { phone: codeStep.phoneMasked, minutes: d.minutes })}
          </p>
          <Field name="code" label={t("reset.code")} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required errors={codeStep.errors} />
          <Field name="newPassword" label={t("reset.newPassword")} hint={t("reset.newPasswordHint", { min: d.min })} type="password" autoComplete="new-password" required errors={codeStep.errors} />
          <button type="submit" name="intent" value="reset" className="btn-primary w-full" disabled={busy}>
            {t("reset.submit")}
          </button>
          <button type="submit" name="intent" value="send" formNoValidate className="btn-secondary w-full" disabled={busy}>
            {t("reset.resend")}
          </button>
        </PostForm>
      ) : (
        <PostForm className="card space-y-4" replace>
          <FormError errors={r?.errors} />
          <Field name="phone" label={t("reset.phone")} type="tel" inputMode="numeric" autoComplete="tel-national" required defaultValue={r?.phone} errors={r?.errors} />
          <button type="submit" name="intent" value="send" className="btn-primary w-full" disabled={busy}>
            {t("reset.send")}
          </button>
        </PostForm>
      )}
      <p className="flex justify-between gap-2 text-sm">
        <Link to={d.login} className="text-brand underline">
          {t("reset.back")}
        </Link>
        {d.sandboxSms ? (
          <Link to={`/o/${d.slug}/dev/sms`} className="text-brand underline" target="_blank">
            {t("login.sandboxLink")}
          </Link>
        ) : null}
      </p>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
