import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { renderSVG } from "uqr";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { identity } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { safeReturnTo } from "../../session.server";

/**
 * The second factor of staff (TOTP): the guard sends every session whose roles need one
 * here first. Enrolled people type a code from their authenticator (or a recovery code);
 * the others enrol — a QR code to scan, the first code to confirm, then ten recovery codes
 * shown once. Works without JavaScript (server-rendered QR, plain forms).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, user, session, db } = await requireUser(request, params, undefined, { secondFactorPending: "allow" });
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get("returnTo"), `/o/${operator.slug}`);
  // A session that has proved its second factor is not sent on from here: the enrolment's
  // answer (the ten recovery codes, shown once) renders with this loader's data — after the
  // revalidation that follows the action, and in the page a form post without JavaScript gets —
  // so a redirect would take the codes away before anyone could write them down.
  if (!session.secondFactorPending) return { slug: operator.slug, returnTo, enrolled: true, verified: true };
  return { slug: operator.slug, returnTo, enrolled: await identity.hasConfirmedSecondFactor(db, user.id), verified: false };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, user, session, db, secretKey } = await requireUser(request, params, undefined, { secondFactorPending: "allow" });
  const form = await readForm(request, context);
  const returnTo = safeReturnTo(form.get("returnTo"), `/o/${operator.slug}`);
  const intent = String(form.get("intent") ?? "");
  const enrolment = { userId: user.id, secretKey, issuer: `${operator.nameZh} 普惠金融`, accountName: user.phone };
  try {
    if (intent === "start") return { step: "scan" as const, ...qrOf((await identity.startTotpEnrolment(db, enrolment)).keyUri) };
    const proved = await identity.proveSecondFactor(db, { operatorId: operator.id, userId: user.id, sessionId: session.sessionId, code: String(form.get("code") ?? ""), enrolling: intent === "confirm", secretKey });
    if (proved.recoveryCodes) return { step: "recovery" as const, recoveryCodes: proved.recoveryCodes, returnTo };
    return redirect(returnTo);
  } catch (error) {
    const errors = domainErrorToFieldErrors(error);
    const pending = intent === "confirm" ? await identity.pendingTotpKeyUri(db, enrolment) : null;
    return pending ? { step: "scan" as const, ...qrOf(pending), errors } : { step: "error" as const, errors };
  }
}

/** The QR code (SVG) of an otpauth URI and its key in groups of four, for typing by hand. */
function qrOf(keyUri: string): { qrSvg: string; secret: string } {
  const secret = new URL(keyUri).searchParams.get("secret") ?? "";
  return { qrSvg: renderSVG(keyUri, { border: 1 }), secret: secret.replace(/(.{4})/g, "$1 ").trim() };
}

export default function SecondFactor() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t("security.2fa.title")}</h1>
      {r?.step === "recovery" ? (
        <RecoveryCodes codes={r.recoveryCodes} returnTo={r.returnTo} />
      ) : r?.step === "scan" ? (
        <Scan qrSvg={r.qrSvg} secret={r.secret} errors={"errors" in r ? r.errors : undefined} returnTo={d.returnTo} busy={busy} />
      ) : d.verified ? (
        <section className="card space-y-3" data-testid="second-factor-verified">
          <p className="text-sm text-slate-600">{t("security.2fa.verified")}</p>
          <a href={d.returnTo} className="btn-primary block w-full text-center">
            {t("security.2fa.goOn")}
          </a>
        </section>
      ) : d.enrolled ? (
        <PostForm className="card space-y-3" replace>
          <p className="text-sm text-slate-600">{t("security.2fa.verifyLead")}</p>
          <FormError errors={r && "errors" in r ? r.errors : undefined} />
          <input type="hidden" name="returnTo" value={d.returnTo} />
          <Field name="code" label={t("security.2fa.code")} hint={t("security.2fa.codeHint")} inputMode="text" autoComplete="one-time-code" required maxLength={11} errors={r && "errors" in r ? r.errors : undefined} />
          <button type="submit" name="intent" value="verify" className="btn-primary w-full" disabled={busy}>
            {t("security.2fa.verify")}
          </button>
        </PostForm>
      ) : (
        <PostForm className="card space-y-3" replace>
          <p className="text-sm text-slate-600">{t("security.2fa.enrolLead")}</p>
          <input type="hidden" name="returnTo" value={d.returnTo} />
          <button type="submit" name="intent" value="start" className="btn-primary w-full" disabled={busy}>
            {t("security.2fa.start")}
          </button>
        </PostForm>
      )}
      <PostForm action={`/o/${d.slug}/logout`}>
        <button type="submit" className="btn-secondary w-full">
          {t("account.signOut")}
        </button>
      </PostForm>
    </div>
  );
}

function Scan({ qrSvg, secret, errors, returnTo, busy }: { qrSvg: string; secret: string; errors?: Record<string, { key: string; params?: Record<string, string | number> }>; returnTo: string; busy: boolean }) {
  const { t } = useI18n();
  return (
    <PostForm className="card space-y-3" replace>
      <p className="text-sm text-slate-600">{t("security.2fa.scanLead")}</p>
      {/* Our own QR of the otpauth URI (uqr renders plain SVG shapes, no script). */}
      <div className="mx-auto w-48" data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p className="text-center text-sm">
        {t("security.2fa.manual")} <code className="break-all font-mono" data-testid="totp-secret">{secret}</code>
      </p>
      <FormError errors={errors} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field name="code" label={t("security.2fa.firstCode")} inputMode="numeric" autoComplete="one-time-code" required maxLength={6} errors={errors} />
      <button type="submit" name="intent" value="confirm" className="btn-primary w-full" disabled={busy}>
        {t("security.2fa.confirm")}
      </button>
    </PostForm>
  );
}

function RecoveryCodes({ codes, returnTo }: { codes: string[]; returnTo: string }) {
  const { t } = useI18n();
  return (
    <section className="card space-y-3" data-testid="recovery-codes">
      <p className="text-sm font-medium text-amber-900">{t("security.2fa.recoveryLead")}</p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <a href={returnTo} className="btn-primary block w-full text-center">
        {t("security.2fa.continue")}
      </a>
    </section>
  );
}

export const ErrorBoundary = PageErrorBoundary;
