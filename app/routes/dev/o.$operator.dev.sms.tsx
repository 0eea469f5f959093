import type { LoaderFunctionArgs } from "@remix-run/node";
import { sms } from "../../services.server";
import { useLoaderData } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { requireOperator } from "../../operator.server";
import { outboxSignName } from "../../sms.server";
import { useI18n } from "../../components/i18n";
import type { MessageKey } from "../../i18n/messages";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { smsKindLabel } from "../../components/inbox";

/** Every message of the operator, rendered from its kind and parameters, with its delivery status. In production this page does not exist. */
export async function loader({ params }: LoaderFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const operator = await requireOperator(params);
  const messages = await sms.listSmsMessages(await getDb(), { operatorId: operator.id, secretKey: getConfig().secretKey, signName: outboxSignName(operator.nameZh) });
  return {
    messages: messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      phone: m.phone,
      body: m.body,
      status: m.status,
      errorCode: m.errorCode,
      attempts: m.attempts,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

const STATUS_CLASS: Record<string, string> = {
  queued: "bg-amber-100 text-amber-800",
  sent: "bg-sky-100 text-sky-800",
  delivered: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

export default function SandboxOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("outbox.title")}</h1>
      <p className="text-slate-600">{t("outbox.lead")}</p>
      <p className="text-sm text-slate-500">{t("outbox.unreachableHint")}</p>
      {messages.length === 0 ? (
        <p className="card text-slate-500">{t("outbox.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card space-y-1" data-phone={m.phone} data-status={m.status}>
              <p className="text-sm text-slate-500">
                {t("outbox.to")} {m.phone} · {t("outbox.at")} {dateTime(m.createdAt)} · {smsKindLabel(t, m.kind)}
              </p>
              <p className="break-words" data-testid="sms-body">{m.body ?? t("outbox.codeErased")}</p>
              <p className="text-sm">
                <span className={`rounded px-2 py-0.5 ${STATUS_CLASS[m.status] ?? ""}`} data-testid="sms-status">
                  {t(`outbox.status.${m.status}` as MessageKey)}
                </span>
                {m.errorCode ? <span className="ml-2 text-slate-500">{t("outbox.errorCode")} {m.errorCode}</span> : null}
                {m.attempts > 1 ? <span className="ml-2 text-slate-500">{t("outbox.attempts")} {m.attempts}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
