import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { audit, identity } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const beforeParam = new URL(request.url).searchParams.get("before");
  const before = beforeParam && !Number.isNaN(Date.parse(beforeParam)) ? new Date(beforeParam) : undefined;
  const events = await audit.listAudit(db, { operatorId: operator.id, before });
  return {
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      subject: e.subject,
      createdAt: e.createdAt.toISOString(),
      actor: e.actorPhone ? `${e.actorName ?? ""} ${identity.maskPhone(e.actorPhone)}`.trim() : null,
    })),
    olderHref: events.length === audit.AUDIT_PAGE_SIZE ? `?before=${encodeURIComponent(events.at(-1)!.createdAt.toISOString())}` : null,
  };
}

export default function AuditLog() {
  const { events, olderHref } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-3">
      {events.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full min-w-[32rem] text-sm" data-testid="audit-log">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-2 pr-2 font-medium">{t("finance.time")}</th>
                <th className="py-2 pr-2 font-medium">{t("finance.audit.action")}</th>
                <th className="py-2 pr-2 font-medium">{t("finance.audit.actor")}</th>
                <th className="py-2 font-medium">{t("finance.audit.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-2 whitespace-nowrap">{dateTime(e.createdAt)}</td>
                  <td className="py-2 pr-2 font-mono text-xs">{e.action}</td>
                  <td className="py-2 pr-2">{e.actor ?? t("finance.system")}</td>
                  <td className="py-2 break-all text-xs text-slate-600">{e.subject ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {olderHref ? (
        <Link to={olderHref} className="btn-secondary">
          {t("finance.audit.older")}
        </Link>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
