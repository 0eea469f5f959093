import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { identity } from "../../services.server";
import { getSms } from "../../sms.server";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "../../db.server";
import { getConfig } from "../../config.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { getOperatorSession, safeReturnTo, landingAfterSignIn, sessionCookieHeaders } from "../../session.server";
import { isEmbedded } from "../../embed.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { useOperatorData } from "../../components/operator-shell";
import { SignOnButton } from "../../components/sign-on-button";
import type { RouteHandle } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get("returnTo"), `/o/${operator.slug}`);
  if (await getOperatorSession(request, operator)) throw redirect(returnTo);
  return {
    returnTo,
    method: url.searchParams.get("method") === "password" ? ("password" as const) : ("sms" as const),
    sandboxSms: !getConfig().production,
    signOn: operator.signOnAvailable,
    embedded: isEmbedded(request),
    passwordReset: url.searchParams.get("reset") === "1",
  };
}

type ActionResult =
  | { step: "code"; phone: string; phoneMasked: string; errors?: FieldErrors }
  | { step: "phone" | "password"; phone?: string; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireOperator(params);
  const form = await readForm(request, context);
  const sendSchema = z.object({ intent: z.literal("send"), phone: identity.phoneSchema });
  const verifySchema = z.object({
    intent: z.literal("verify"),
    phone: identity.phoneSchema,
    code: z.string().trim().regex(/^\d{6}$/, "code.invalid"),
  });
  const passwordSchema = z.object({
    intent: z.literal("password"),
    phone: identity.phoneSchema,
    password: z.string().min(1, "password.required"),
  });
  const returnTo = safeReturnTo(form.get("returnTo"), `/o/${operator.slug}`);
  const db = await getDb();
  const { secretKey } = getConfig();
  const intent = form.get("intent");
  const rawPhone = String(form.get("phone") ?? "");

  if (intent === "password") {
    const parsed = validateForm(passwordSchema, form);
    if (!parsed.ok) return { step: "password", phone: rawPhone, errors: parsed.errors } as ActionResult;
    try {
      const session = await identity.signInWithPassword(db, { operatorId: operator.id, ...parsed.data, source: context.clientIp });
      return redirect(await landingAfterSignIn(db, operator.slug, session.token, returnTo), { headers: sessionCookieHeaders(request, session.token) });
    } catch (error) {
      return { step: "password", phone: rawPhone, errors: domainErrorToFieldErrors(error) } as ActionResult;
    }
  }

  if (intent === "verify") {
    const parsed = validateForm(verifySchema, form);
    if (!parsed.ok) {
      const phone = identity.phoneSchema.safeParse(rawPhone);
      return phone.success
        ? ({ step: "code", phone: phone.data, phoneMasked: identity.maskPhone(phone.data), errors: parsed.errors } as ActionResult)
        : ({ step: "phone", phone: rawPhone, errors: parsed.errors } as ActionResult);
    }
    const { phone, code } = parsed.data;
    try {
      const session = await identity.signInWithSmsCode(db, { operatorId: operator.id, phone, code, secretKey });
      return redirect(await landingAfterSignIn(db, operator.slug, session.token, returnTo), { headers: sessionCookieHeaders(request, session.token) });
    } catch (error) {
      return { step: "code", phone, phoneMasked: identity.maskPhone(phone), errors: domainErrorToFieldErrors(error) } as ActionResult;
    }
  }

  const parsed = validateForm(sendSchema, form);
  if (!parsed.ok) return { step: "phone", phone: rawPhone, errors: parsed.errors } as ActionResult;
  const { phone } = parsed.data;
  try {
    await identity.sendSmsCode(db, {
      operatorId: operator.id,
      phone,
      requestIp: context.clientIp,
      secretKey,
      sms: getSms().codes,
    });
    return { step: "code", phone, phoneMasked: identity.maskPhone(phone) } as ActionResult;
  } catch (error) {
    const errors = domainErrorToFieldErrors(error);
    // A resend refused by the throttle keeps the code step: the earlier code still works.
    return form.get("resend") === "1"
      ? ({ step: "code", phone, phoneMasked: identity.maskPhone(phone), errors: { code: errors.phone ?? errors._form! } } as ActionResult)
      : ({ step: "phone", phone, errors } as ActionResult);
  }
}

/**
 * Plain HTML, except inside the operator's frame when the operator offers its sign-on: there the
 * sign-on button opens a popup and takes the session back by postMessage (SignOnButton), which
 * needs React. The SMS and password forms post without JavaScript.
 */
export const handle: RouteHandle = {
  hydrate: (data) => {
    const d = data as { signOn?: boolean; embedded?: boolean } | undefined;
    return Boolean(d?.signOn && d.embedded);
  },
};

export default function Login() {
  const { returnTo, method, sandboxSms, signOn, embedded, passwordReset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t, locale } = useI18n();
  const operator = useOperatorData()?.operator;
  const operatorSlug = operator?.slug;
  const showPassword = result ? result.step === "password" : method === "password";
  const codeStep = result?.step === "code" ? result : null;
  const tabClass = (active: boolean) =>
    `flex min-h-11 flex-1 items-center justify-center border-b-2 text-sm font-medium ${active ? "border-brand text-brand" : "border-transparent text-slate-600"}`;
  const returnParam = `returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("login.title")}</h1>
      {passwordReset && !result ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status" data-testid="password-reset">
          {t("login.passwordReset")}
        </p>
      ) : null}
      {signOn && operator ? (
        <>
          <SignOnButton
            operatorSlug={operator.slug}
            operatorName={locale === "zh-CN" ? operator.nameZh : operator.nameEn}
            returnTo={returnTo}
            embedded={embedded}
          />
          <p className="flex items-center gap-3 text-sm text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">
            {t("login.or")}
          </p>
        </>
      ) : null}
      <nav className="flex border-b border-slate-200" aria-label={t("login.title")}>
        <Link to={`?${returnParam}`} className={tabClass(!showPassword)} aria-current={!showPassword ? "page" : undefined}>
          {t("login.tab.sms")}
        </Link>
        <Link to={`?method=password&${returnParam}`} className={tabClass(showPassword)} aria-current={showPassword ? "page" : undefined}>
          {t("login.tab.password")}
        </Link>
      </nav>

      {showPassword ? (
        <PostForm className="card space-y-4" replace>
          <input type="hidden" name="returnTo" value={returnTo} />
          <FormError errors={result?.errors} />
          <Field name="phone" label={t("login.phone")} type="tel" inputMode="numeric" autoComplete="username" required defaultValue={result?.phone} errors={result?.errors} />
          <Field name="password" label={t("login.password")} type="password" autoComplete="current-password" required errors={result?.errors} />
          <button type="submit" name="intent" value="password" className="btn-primary w-full" disabled={busy}>
            {t("login.submit")}
          </button>
          <Link to={`/o/${operatorSlug}/password-reset`} className="block text-center text-sm text-brand underline" data-testid="forgot-password">
            {t("login.forgotPassword")}
          </Link>
        </PostForm>
      ) : codeStep ? (
        <PostForm className="card space-y-4" replace>
          <input type="hidden" name="returnTo" value={returnTo} />
          <input type="hidden" name="phone" value={codeStep.phone} />
          <input type="hidden" name="resend" value="1" />
          <p className="text-sm text-slate-700" role="status" data-testid="code-sent">
            {t("login.codeSent", { phone: codeStep.phoneMasked })}
          </p>
          <Field
            name="code"
            label={t("login.code")}
            hint={t("login.codeHint")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            pattern="[0-9]{6}"
            autoFocus
            errors={codeStep.errors}
          />
          <button type="submit" name="intent" value="verify" className="btn-primary w-full" disabled={busy}>
            {t("login.submit")}
          </button>
          <div className="flex items-center justify-between gap-2">
            <button type="submit" name="intent" value="send" formNoValidate className="btn-secondary" disabled={busy}>
              {t("login.resendCode")}
            </button>
            <Link to={`?${returnParam}`} className="text-sm text-brand underline">
              {t("login.changePhone")}
            </Link>
          </div>
        </PostForm>
      ) : (
        <PostForm className="card space-y-4" replace>
          <input type="hidden" name="returnTo" value={returnTo} />
          <FormError errors={result?.errors} />
          <Field
            name="phone"
            label={t("login.phone")}
            hint={t("login.phoneHint")}
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            required
            defaultValue={result?.phone}
            errors={result?.errors}
          />
          <button type="submit" name="intent" value="send" className="btn-primary w-full" disabled={busy}>
            {t("login.sendCode")}
          </button>
        </PostForm>
      )}

      {sandboxSms ? (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          {t("login.sandboxHint")}{" "}
          <Link to={`/o/${operatorSlug}/dev/sms`} className="font-medium underline" target="_blank">
            {t("login.sandboxLink")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
