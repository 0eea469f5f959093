import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { codeSms } from "../../borrowing.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { borrowing, identity, stores } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { Notice, StatusBadge } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { getConfig } from "../../config.server";
import { requireUser } from "../../guard.server";

/** The store counter (营业厅): applications filled in for customers, and cash to hand over. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "store_clerk");
  const store = await stores.getClerkStore(db, { operatorId: operator.id, userId: actor.userId });
  const url = new URL(request.url);
  const base = `/o/${operator.slug}`;
  if (!store) return { base, store: null, applications: [], cash: [], done: null, sandboxSms: false };
  const applications = await borrowing.storeApplications(db, { operatorId: operator.id, storeId: store.id });
  const cash = await borrowing.listAwaitingDisbursement(db, { operatorId: operator.id, channels: ["store_cash"], cashStoreId: store.id });
  return {
    base,
    store: { name: store.nameZh, address: store.addressZh },
    applications: applications.map(({ app, loanStatus }) => ({
      id: app.id,
      status: loanStatus ?? app.status,
      name: app.fullName,
      phone: identity.maskPhone(app.phone),
      amount: app.finalAmount ?? app.amount,
      createdAt: app.createdAt.toISOString(),
      draft: app.status === "draft",
      canSign: app.status === "approved" && app.channel === "store",
    })),
    cash: cash.map((c) => ({ loanId: c.loanId, title: c.titleZh, amount: c.amount, name: c.borrowerName })),
    done: url.searchParams.get("done"),
    sandboxSms: !getConfig().production,
  };
}

type Result = { step: "code"; phone: string; errors?: FieldErrors } | { step: "phone" | "cash"; phone?: string; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db, secretKey } = await requireUser(request, params, "store_clerk");
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent === "disburse") {
    try {
      await borrowing.disburseLoan(db, { operatorId: operator.id, loanId: String(form.get("loanId") ?? ""), actor });
      return redirect("?done=cash");
    } catch (error) {
      return { step: "cash", errors: domainErrorToFieldErrors(error) } satisfies Result as Result;
    }
  }
  const phone = identity.phoneSchema.safeParse(form.get("phone") ?? "");
  if (!phone.success) return { step: "phone", phone: String(form.get("phone") ?? ""), errors: { phone: { key: "error.phone.invalid" } } } satisfies Result as Result;
  try {
    if (intent === "send") {
      await borrowing.sendBorrowingCode(db, {
        operatorId: operator.id,
        purpose: "verify_phone",
        subject: borrowing.storeCodeSubject(actor.userId, phone.data),
        phone: phone.data,
        requestIp: context.clientIp,
        secretKey,
        sms: codeSms,
      });
      return { step: "code", phone: phone.data } satisfies Result as Result;
    }
    const app = await borrowing.startStoreApplication(db, { operatorId: operator.id, clerkUserId: actor.userId, phone: phone.data, code: String(form.get("code") ?? ""), secretKey });
    return redirect(`/o/${operator.slug}/borrow/applications/${app.id}/edit?step=need`);
  } catch (error) {
    const errors = domainErrorToFieldErrors(error);
    // Sending happens on the phone step: a send that failed (or was throttled) is shown beside the phone.
    if (intent === "send" && errors.code && !errors.phone) errors.phone = errors.code;
    return { step: intent === "send" ? "phone" : "code", phone: phone.data, errors } satisfies Result as Result;
  }
}

export default function Store() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  const { t, date } = useI18n();
  if (!d.store) return <p className="card">{t("store.noStore")}</p>;
  const codeStep = r?.step === "code";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{t("store.title")}</h1>
        <p className="text-sm text-slate-600">
          {d.store.name} · {d.store.address}
        </p>
      </div>
      {d.done === "cash" ? <Notice testId="store-done">{t("store.cashDone")}</Notice> : null}
      <p className="text-xs text-slate-500">{t("store.rule")}</p>

      {d.cash.length ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("store.cashTitle")}</h2>
          {r?.step === "cash" ? <FormError errors={r.errors} /> : null}
          <ul className="divide-y divide-slate-100" data-testid="cash-queue">
            {d.cash.map((c) => (
              <li key={c.loanId} className="space-y-2 py-2">
                <p className="font-medium">
                  {c.name} · <Money amount={c.amount} />
                </p>
                <p className="text-sm text-slate-600">{c.title}</p>
                <PostForm replace>
                  <input type="hidden" name="loanId" value={c.loanId} />
                  <button type="submit" name="intent" value="disburse" className="btn-primary w-full" disabled={busy}>
                    {t("store.handOver")}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <PostForm className="card space-y-3" replace>
        <h2 className="text-lg font-semibold">{t("store.newTitle")}</h2>
        <p className="text-sm text-slate-600">{t("store.newLead")}</p>
        {r && r.step !== "cash" ? <FormError errors={r.errors} /> : null}
        <Field name="phone" label={t("store.phone")} type="tel" inputMode="numeric" required defaultValue={r?.phone} readOnly={codeStep} errors={r?.step === "phone" ? r.errors : undefined} />
        {codeStep ? (
          <>
            <Notice testId="code-sent">{t("store.codeSent")}</Notice>
            <Field name="code" label={t("store.code")} inputMode="numeric" maxLength={6} autoComplete="off" required errors={r?.errors} />
            <button type="submit" name="intent" value="start" className="btn-primary w-full" disabled={busy}>
              {t("store.start")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="send" className="btn-primary w-full" disabled={busy}>
            {t("store.sendCode")}
          </button>
        )}
        {d.sandboxSms ? <p className="text-xs text-slate-500">{t("login.sandboxHint")}</p> : null}
      </PostForm>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("store.applications")}</h2>
        {d.applications.length === 0 ? <p className="card text-slate-500">{t("store.none")}</p> : null}
        <ul className="space-y-2" data-testid="store-applications">
          {d.applications.map((a) => (
            <li key={a.id}>
              <Link
                to={`${d.base}/borrow/applications/${a.id}${a.draft ? "/edit" : a.canSign ? "/sign" : ""}`}
                className="card block space-y-1 hover:bg-slate-50"
              >
                <div className="flex items-center justify-between gap-2">
                  <span className="font-semibold">{a.name ?? a.phone}</span>
                  <StatusBadge status={a.status} />
                </div>
                <p className="text-sm text-slate-600">
                  {a.phone}
                  {a.amount ? (
                    <>
                      {" · "}
                      <Money amount={a.amount} />
                    </>
                  ) : null}
                  {" · "}
                  {date(a.createdAt)}
                </p>
                {a.canSign ? <p className="text-sm font-medium text-brand">{t("store.signHere")}</p> : null}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
