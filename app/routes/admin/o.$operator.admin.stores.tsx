import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { administration } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { AdminTabs } from "../../components/admin-tabs";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

const DONE = ["created", "updated", "clerk", "removed"] as const;
const STORE_FIELDS = ["code", "nameZh", "nameEn", "regionZh", "addressZh"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  const done = new URL(request.url).searchParams.get("done");
  return { base: `/o/${operator.slug}/admin`, done: DONE.find((d) => d === done) ?? null, stores: await administration.listStoresWithClerks(db, operator.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "");
  const intent = text("intent");
  const base = { operatorId: operator.id, actorUserId: actor.userId };
  try {
    if (intent === "clerk") {
      await administration.assignStoreClerk(db, { ...base, storeId: text("storeId"), phone: text("phone") });
      return redirect("?done=clerk");
    }
    if (intent === "remove") {
      await administration.removeStoreClerk(db, { ...base, storeId: text("storeId"), userId: text("userId") });
      return redirect("?done=removed");
    }
    const fields: administration.StoreFields = { code: text("code"), nameZh: text("nameZh"), nameEn: text("nameEn"), regionZh: text("regionZh"), addressZh: text("addressZh") };
    const saved = await administration.saveStore(db, { ...base, fields, update: intent === "update" });
    return redirect(`?done=${saved.created ? "created" : "updated"}`);
  } catch (error) {
    return { intent, target: text("storeId") || text("code"), errors: domainErrorToFieldErrors(error), values: Object.fromEntries([...STORE_FIELDS, "phone"].map((f) => [f, text(f)])) };
  }
}

type Result = { intent: string; target: string; errors?: Record<string, { key: string; params?: Record<string, string | number> }>; values?: Record<string, string> };

export default function Stores() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  // The add forms are keyed by the location: after a save (a redirect) they start empty again, as without JavaScript.
  const location = useLocation();
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={d.base} />
      {d.done ? <Notice testId="stores-done">{t(`admin.stores.done.${d.done}` as MessageKey)}</Notice> : null}
      <ul className="space-y-3">
        {d.stores.map((s) => (
          <li key={s.id} className="card space-y-2" data-testid="store">
            <p className="font-semibold">
              {s.nameZh} <span className="text-sm font-normal text-slate-600">({s.code})</span>
            </p>
            <p className="text-sm text-slate-600">{[s.regionZh, s.addressZh].filter(Boolean).join(" ")}</p>
            <p className="text-sm">
              {t("admin.stores.clerks")}
              {s.clerks.length === 0 ? t("admin.stores.noClerks") : ""}
            </p>
            <ul className="space-y-1">
              {s.clerks.map((c) => (
                <li key={c.userId} className="flex items-center justify-between gap-2 text-sm">
                  <span>{c.name ? `${c.name} · ${c.phoneMasked}` : c.phoneMasked}</span>
                  <PostForm replace>
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="storeId" value={s.id} />
                    <input type="hidden" name="userId" value={c.userId} />
                    <button type="submit" className="text-red-700 underline" disabled={busy}>
                      {t("admin.stores.removeClerk")}
                    </button>
                  </PostForm>
                </li>
              ))}
            </ul>
            <ClerkForm key={location.key} storeId={s.id} result={r?.intent === "clerk" && r.target === s.id ? r : undefined} busy={busy} />
            <details>
              <summary className="cursor-pointer text-sm underline">{t("admin.stores.edit")}</summary>
              <StoreForm intent="update" values={{ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, regionZh: s.regionZh, addressZh: s.addressZh, ...(r?.intent === "update" && r.target === s.code ? r.values : {}) }} result={r?.intent === "update" && r.target === s.code ? r : undefined} busy={busy} />
            </details>
          </li>
        ))}
      </ul>
      <section className="card space-y-2">
        <h2 className="font-semibold">{t("admin.stores.add")}</h2>
        <StoreForm key={location.key} intent="create" values={r?.intent === "create" ? (r.values ?? {}) : {}} result={r?.intent === "create" ? r : undefined} busy={busy} />
      </section>
    </div>
  );
}

function ClerkForm({ storeId, result, busy }: { storeId: string; result?: Result; busy: boolean }) {
  const { t } = useI18n();
  const error = result?.errors?.phone ?? result?.errors?._form;
  return (
    <PostForm className="flex flex-wrap items-end gap-2" replace>
      <input type="hidden" name="intent" value="clerk" />
      <input type="hidden" name="storeId" value={storeId} />
      <label className="min-w-0 flex-1 space-y-1">
        <span className="block text-sm font-medium text-slate-800">{t("admin.stores.clerkPhone")}</span>
        <input name="phone" inputMode="numeric" maxLength={11} required className="field-input" defaultValue={result?.values?.phone} aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit" className="btn-secondary" disabled={busy}>
        {t("admin.stores.addClerk")}
      </button>
      {error ? <FormError errors={{ _form: error }} /> : null}
    </PostForm>
  );
}

function StoreForm({ intent, values, result, busy }: { intent: "create" | "update"; values: Record<string, string>; result?: Result; busy: boolean }) {
  const { t } = useI18n();
  // Ids must be unique on the page: the new-store form keeps the plain field ids, each edit form gets its own.
  const idOf = (f: string) => (intent === "create" ? undefined : `store-${values.code}-${f}`);
  return (
    <PostForm className="space-y-2" replace>
      <FormError errors={result?.errors?._form ? { _form: result.errors._form } : undefined} />
      <input type="hidden" name="intent" value={intent} />
      {intent === "update" ? <input type="hidden" name="code" value={values.code} /> : null}
      {STORE_FIELDS.filter((f) => intent === "create" || f !== "code").map((f) =>
        intent === "create" ? (
          <Field key={f} name={f} label={t(`admin.stores.${f}` as MessageKey)} required defaultValue={values[f]} errors={result?.errors} />
        ) : (
          <label key={f} className="block space-y-1" htmlFor={idOf(f)}>
            <span className="block text-sm font-medium text-slate-800">{t(`admin.stores.${f}` as MessageKey)}</span>
            <input id={idOf(f)} name={f} required className="field-input" defaultValue={values[f]} />
            {result?.errors?.[f] ? <FormError errors={{ _form: result.errors[f]! }} /> : null}
          </label>
        ),
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {t(intent === "create" ? "admin.stores.create" : "admin.stores.save")}
      </button>
    </PostForm>
  );
}

export const ErrorBoundary = PageErrorBoundary;
