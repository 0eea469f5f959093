import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { privacy } from "../../services.server";
import { getDb } from "../../db.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { requireUser } from "../../guard.server";
import { clearedSessionCookieHeaders } from "../../session.server";
import { FormError, PostForm, RequiredMark, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { PLAIN_HTML } from "../../route-handle";

/** The confirmation box's value (the fuzz never sends it: e2e/authorization-table.ts). */
const CONFIRM_VALUE = "close-account";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, user } = await requireUser(request, params);
  const obstacles = await privacy.findClosingObstacles(await getDb(), { operatorId: operator.id, userId: user.id });
  return { slug: operator.slug, obstacles };
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<{ errors: FieldErrors } | Response> {
  const { operator, session } = await requireUser(request, params);
  const form = await readForm(request, context);
  try {
    await privacy.closeAccount(await getDb(), { operatorId: operator.id, userId: session.user.id, confirmed: form.get("confirm") === CONFIRM_VALUE });
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
  return redirect(`/o/${operator.slug}/account/closed`, { headers: clearedSessionCookieHeaders(operator.slug) });
}

export default function PersonalData() {
  const { slug, obstacles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link to={`/o/${slug}/account`} className="text-sm text-brand-dark underline">
        {t("account.title")}
      </Link>
      <h1 className="text-2xl font-bold">{t("privacy.title")}</h1>
      <p className="text-sm text-slate-600">{t("privacy.lead")}</p>

      <section className="card space-y-3">
        <h2 className="font-semibold">{t("privacy.export.title")}</h2>
        <p className="text-sm text-slate-600">{t("privacy.export.body")}</p>
        <a href={`/o/${slug}/account/privacy/export.json`} download className="btn-primary w-full" data-testid="privacy-export">
          {t("privacy.export.download")}
        </a>
      </section>

      <section className="card space-y-3" data-testid="privacy-close">
        <h2 className="font-semibold">{t("privacy.close.title")}</h2>
        <p className="text-sm text-slate-600">{t("privacy.close.body")}</p>
        {obstacles.length > 0 ? (
          <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="privacy-obstacles">
            <p className="font-medium">{t("privacy.close.blocked")}</p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {obstacles.map((o) => (
                <li key={o}>{t(`privacy.obstacle.${o}` as MessageKey)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="rounded-lg bg-green-50 p-3 text-sm text-green-800">{t("privacy.close.ready")}</p>
        )}
        <PostForm className="space-y-3" replace>
          <FormError errors={errors} />
          <div className="space-y-1">
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="confirm" value={CONFIRM_VALUE} className="mt-1 size-4" aria-describedby={errors?.confirm ? "field-confirm-error" : undefined} />
              <span>
                {t("privacy.close.confirm")}
                <RequiredMark />
              </span>
            </label>
            {errors?.confirm ? (
              <p id="field-confirm-error" className="text-sm text-red-700" role="alert">
                {translateError(t, errors.confirm)}
              </p>
            ) : null}
          </div>
          <button type="submit" className="btn-secondary w-full border-red-300 text-red-700" data-testid="privacy-close-submit">
            {t("privacy.close.submit")}
          </button>
        </PostForm>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
