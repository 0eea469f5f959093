import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { administration } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { AdminTabs } from "../../components/admin-tabs";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator } = await requireUser(request, params, "admin");
  return {
    base: `/o/${operator.slug}/admin`,
    done: new URL(request.url).searchParams.has("done"),
    maxLogoKiB: administration.MAX_LOGO_BYTES / 1024,
    values: { nameZh: operator.nameZh, nameEn: operator.nameEn, brandPrimary: operator.brandPrimary, frameOrigins: operator.frameAncestors.join("\n"), logoPath: operator.logoPath },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "");
  const logo = form.get("logo");
  const brand = {
    nameZh: text("nameZh"),
    nameEn: text("nameEn"),
    brandPrimary: text("brandPrimary"),
    frameOrigins: text("frameOrigins"),
    logoPng: logo instanceof File && logo.size > 0 ? new Uint8Array(await logo.arrayBuffer()) : null,
  };
  try {
    await administration.updateOperatorBrand(db, { operatorId: operator.id, brand, actorUserId: actor.userId });
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), values: { nameZh: brand.nameZh, nameEn: brand.nameEn, brandPrimary: brand.brandPrimary, frameOrigins: brand.frameOrigins } };
  }
  return redirect("?done=1");
}

export default function Brand() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const v = { ...d.values, ...(r?.values ?? {}) };
  const logoError = r?.errors?.logo;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={d.base} />
      {d.done ? <Notice testId="brand-done">{t("admin.brand.saved")}</Notice> : null}
      <PostForm encType="multipart/form-data" className="card max-w-xl space-y-3" replace>
        <FormError errors={r?.errors?._form ? { _form: r.errors._form } : undefined} />
        <Field name="nameZh" label={t("admin.brand.nameZh")} required maxLength={20} defaultValue={v.nameZh} errors={r?.errors} />
        <Field name="nameEn" label={t("admin.brand.nameEn")} required maxLength={60} defaultValue={v.nameEn} errors={r?.errors} />
        <Field name="brandPrimary" type="color" label={t("admin.brand.colour")} required defaultValue={v.brandPrimary} errors={r?.errors} className="h-11 w-24 rounded border border-slate-300" />
        <div className="space-y-1">
          <label htmlFor="field-logo" className="block text-sm font-medium text-slate-800">
            {t("admin.brand.logo", { max: d.maxLogoKiB })}
          </label>
          <div className="flex items-center gap-3">
            <img src={d.values.logoPath} alt="" className="h-10 w-10 rounded bg-white object-contain" />
            <input id="field-logo" name="logo" type="file" accept="image/png" className="min-w-0 text-sm" aria-invalid={logoError ? true : undefined} />
          </div>
          {logoError ? <FormError errors={{ _form: logoError }} /> : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="field-frameOrigins" className="block text-sm font-medium text-slate-800">
            {t("admin.brand.frameOrigins")}
          </label>
          <textarea id="field-frameOrigins" name="frameOrigins" rows={3} className="field-input" defaultValue={v.frameOrigins} aria-invalid={r?.errors?.frameOrigins ? true : undefined} />
          <p className="text-sm text-slate-500">{t("admin.brand.frameOriginsHint")}</p>
          {r?.errors?.frameOrigins ? <FormError errors={{ _form: r.errors.frameOrigins }} /> : null}
        </div>
        <p className="text-sm text-slate-500">{t("admin.brand.cacheNote")}</p>
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("admin.brand.save")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
