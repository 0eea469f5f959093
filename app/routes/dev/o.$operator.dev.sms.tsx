import type { LoaderFunctionArgs } from "@remix-run/node";
import { identity, sms } from "../../services.server";
import { useLoaderData } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { requireOperator } from "../../operator.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";

/** The sandbox SMS adapter's outbox. In production this page does not exist. */
export async function loader({ params }: LoaderFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const operator = await requireOperator(params);
  const messages = await sms.listSandboxOutbox(await getDb(), operator.id);
  return {
    messages: messages.map((m) => ({
      id: m.id,
      phone: m.phone,
      phoneMasked: identity.maskPhone(m.phone),
      body: m.body,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export default function SandboxOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("outbox.title")}</h1>
      <p className="text-slate-600">{t("outbox.lead")}</p>
      {messages.length === 0 ? (
        <p className="card text-slate-500">{t("outbox.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card space-y-1" data-phone={m.phone}>
              <p className="text-sm text-slate-500">
                {t("outbox.to")} {m.phone} · {t("outbox.at")} {dateTime(m.createdAt)}
              </p>
              <p className="break-words" data-testid="sms-body">{m.body}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
