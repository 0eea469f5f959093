import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orBadRequest } from "../../forms.server";
import { borrowing } from "../../services.server";
import { Facts } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

/** One agreement: the signed text with its signature record, or (before signing) the text to be signed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const kind = params.kind ?? "";
  if (!(borrowing.AGREEMENT_KINDS as readonly string[]).includes(kind)) throw new Response("Not found", { status: 404 });
  const { app } = await orBadRequest(borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor }));
  const signed = await borrowing.getSignature(db, { applicationId: app.id, kind });
  const base = `/o/${operator.slug}/borrow/applications/${app.id}`;
  if (signed) {
    return { base, kind, title: signed.title, content: signed.content, record: { at: signed.signedAt.toISOString(), version: signed.templateVersion, hash: signed.documentHash, ip: signed.ip, userAgent: signed.userAgent } };
  }
  const { agreements } = await orBadRequest(borrowing.previewAgreements(db, { operatorId: operator.id, applicationId: app.id, actor, operatorNameZh: operator.nameZh }));
  const draft = agreements.find((a) => a.kind === kind)!;
  return { base, kind, title: draft.title, content: draft.content, record: null };
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Agreement() {
  const d = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link to={d.base} className="text-sm text-brand underline">
        ← {t("borrow.detail.title")}
      </Link>
      <article className="card">
        <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed" data-testid="agreement-text">
          {d.content}
        </pre>
      </article>
      {d.record ? (
        <section className="card">
          <h2 className="font-semibold">{t("borrow.agreement.record")}</h2>
          <Facts
            items={[
              [t("borrow.agreement.signedAt"), dateTime(d.record.at)],
              [t("borrow.agreement.version"), d.record.version],
              [t("borrow.agreement.hash"), <code key="h" className="text-xs">{d.record.hash}</code>],
              [t("borrow.agreement.ip"), d.record.ip],
              [t("borrow.agreement.userAgent"), <span key="u" className="text-xs">{d.record.userAgent}</span>],
            ]}
          />
        </section>
      ) : (
        <p className="text-sm text-slate-500">{t("borrow.agreement.unsigned")}</p>
      )}
      <a href={`${d.base}/agreements/${d.kind}/pdf`} className="btn-secondary w-full">
        {t("borrow.detail.pdf")}
      </a>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
