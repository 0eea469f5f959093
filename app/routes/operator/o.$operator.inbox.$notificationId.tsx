import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notifications } from "../../services.server";
import { getDb } from "../../db.server";
import { orBadRequest } from "../../forms.server";
import { getInboxReading } from "../../i18n/i18n.server";
import { requireUser } from "../../guard.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { inboxKindLabel } from "../../components/inbox";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

/**
 * Opening an item marks it read (the person has now seen it). The shell's unread count is read
 * beside this loader, so the first opening answers with the same page again, counted afresh.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, user } = await requireUser(request, params);
  const { markedRead, ...item } = await orBadRequest(notifications.openNotification(await getDb(), { userId: user.id, notificationId: params.notificationId ?? "", reading: await getInboxReading(request) }));
  if (markedRead) throw redirect(new URL(request.url).pathname);
  return { slug: operator.slug, item };
}

export default function InboxItem() {
  const { slug, item } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link to={`/o/${slug}/inbox`} className="text-sm text-brand-dark underline">
        {t("inbox.back")}
      </Link>
      <article className="card space-y-3" data-testid="inbox-message">
        <h1 className="text-xl font-bold">{inboxKindLabel(t, item.kind)}</h1>
        <p className="text-sm text-slate-500">
          {t("inbox.receivedAt", { at: dateTime(item.createdAt) })}
        </p>
        <p className="break-words">{item.text}</p>
      </article>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
