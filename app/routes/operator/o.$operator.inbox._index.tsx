import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notifications } from "../../services.server";
import { getDb } from "../../db.server";
import { readForm } from "../../forms.server";
import { getInboxReading } from "../../i18n/i18n.server";
import { requireUser } from "../../guard.server";
import { PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { inboxKindLabel } from "../../components/inbox";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, user } = await requireUser(request, params);
  const pageParam = Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10);
  const page = await notifications.listNotifications(await getDb(), { userId: user.id, page: Number.isFinite(pageParam) ? pageParam : 1, reading: await getInboxReading(request) });
  return { slug: operator.slug, ...page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { session } = await requireUser(request, params);
  await readForm(request, context);
  const marked = await notifications.markAllNotificationsRead(await getDb(), { userId: session.user.id });
  return { marked };
}

export default function Inbox() {
  const { slug, items, page, pageCount, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const base = `/o/${slug}/inbox`;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{t("inbox.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("inbox.lead")}</p>
      </div>
      {result ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status">
          {t("inbox.markedAllRead", { count: result.marked })}
        </p>
      ) : null}
      <div className="flex items-center justify-between gap-3">
        <p className="font-medium" data-testid="inbox-unread">
          {unread > 0 ? t("inbox.unread", { count: unread }) : t("inbox.allRead")}
        </p>
        {unread > 0 ? (
          <PostForm replace>
            <button type="submit" className="btn-secondary" data-testid="inbox-mark-all">
              {t("inbox.markAllRead")}
            </button>
          </PostForm>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="card text-slate-600">{t("inbox.empty")}</p>
      ) : (
        <ul className="card divide-y divide-slate-100 p-0" data-testid="inbox-items">
          {items.map((item) => (
            <li key={item.id}>
              <Link to={`${base}/${item.id}`} className="block space-y-1 p-3 hover:bg-slate-50" data-testid="inbox-item">
                <span className="flex items-center justify-between gap-2">
                  <span className={item.read ? "text-slate-700" : "font-semibold"}>
                    {!item.read ? <span className="mr-2 rounded-full bg-brand px-2 py-0.5 text-xs font-medium text-white">{t("inbox.new")}</span> : null}
                    {inboxKindLabel(t, item.kind)}
                  </span>
                  <span className="shrink-0 text-xs text-slate-500">{dateTime(item.createdAt)}</span>
                </span>
                <span className="line-clamp-2 block break-words text-sm text-slate-600">{item.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 ? (
        <nav className="flex items-center justify-between gap-2 text-sm" aria-label={t("inbox.page", { page, pageCount })}>
          {page > 1 ? <Link to={`${base}?page=${page - 1}`} className="btn-secondary">{t("inbox.prev")}</Link> : <span />}
          <span>{t("inbox.page", { page, pageCount })}</span>
          {page < pageCount ? <Link to={`${base}?page=${page + 1}`} className="btn-secondary">{t("inbox.next")}</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
