import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { deviceId } from "../../borrowing.server";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { borrowing } from "../../services.server";
import { FormError, PostForm } from "../../components/forms";
import { StatusBadge } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { useActionData } from "@remix-run/react";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const { applications, otherLoans } = await borrowing.listBorrowerApplications(db, { operatorId: operator.id, userId: actor.userId });
  return {
    base: `/o/${operator.slug}/borrow`,
    applications: applications.map(({ app, loan, productName, nextStep }) => ({
      id: app.id,
      status: loan ? loan.status : app.status,
      amount: app.finalAmount ?? app.amount,
      productName,
      purposeNote: app.purposeNote,
      createdAt: app.createdAt.toISOString(),
      nextStep,
      channel: app.channel,
    })),
    otherLoans: otherLoans.map((l) => ({ id: l.id, title: l.titleZh, amount: l.amount, status: l.status })),
    hasOpen: applications.some(({ app }) => ["draft", "referred", "in_review", "pending_confirmation", "approved"].includes(app.status)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  await readForm(request, context);
  const device = deviceId(request);
  try {
    const app = await borrowing.startApplication(db, { operatorId: operator.id, actor, deviceId: device.id });
    const target = app.status === "draft" ? `edit?step=${borrowing.firstIncompleteStep(app) ?? "consent"}` : "";
    return redirect(`/o/${operator.slug}/borrow/applications/${app.id}/${target}`, device.setCookie ? { headers: { "Set-Cookie": device.setCookie } } : undefined);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function BorrowHome() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, date } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("borrow.home.title")}</h1>
      <section className="card space-y-3">
        <p className="text-slate-600">{t("borrow.home.lead")}</p>
        <FormError errors={result?.errors} />
        <PostForm>
          <button type="submit" className="btn-primary w-full" disabled={busy} data-testid="start-application">
            {data.hasOpen ? t("borrow.home.continue") : t("borrow.home.apply")}
          </button>
        </PostForm>
        <p className="text-xs text-slate-500">{t("borrow.home.steps")}</p>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("borrow.home.mine")}</h2>
        {data.applications.length === 0 && data.otherLoans.length === 0 ? <p className="card text-slate-500">{t("borrow.home.none")}</p> : null}
        <ul className="space-y-2" data-testid="my-applications">
          {data.applications.map((a) => (
            <li key={a.id}>
              <Link to={a.status === "draft" ? `applications/${a.id}/edit?step=${a.nextStep ?? "consent"}` : `applications/${a.id}`} className="card block space-y-1 hover:bg-slate-50">
                <div className="flex items-center justify-between gap-2">
                  <span className="font-semibold">{a.productName ?? t("borrow.home.newApplication")}</span>
                  <StatusBadge status={a.status} />
                </div>
                <p className="text-sm text-slate-600">
                  {a.amount ? <Money amount={a.amount} /> : null}
                  {a.purposeNote ? ` · ${a.purposeNote}` : ""}
                </p>
                <p className="text-xs text-slate-500">
                  {date(a.createdAt)}
                  {a.channel === "store" ? ` · ${t("borrow.home.atStore")}` : ""}
                </p>
              </Link>
            </li>
          ))}
          {data.otherLoans.map((l) => (
            <li key={l.id} className="card space-y-1">
              <div className="flex items-center justify-between gap-2">
                <span className="font-semibold">{l.title}</span>
                <StatusBadge status={l.status} />
              </div>
              <p className="text-sm text-slate-600">
                <Money amount={l.amount} /> · {t(`borrow.loanNote.${l.status}` as MessageKey)}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
