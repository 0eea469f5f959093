import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireCollections } from "../collections.server";
import { useI18n } from "../components/i18n";
import { PageErrorBoundary } from "../components/page-error-boundary";
import type { MessageKey } from "../i18n/messages";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor } = await requireCollections(request, params);
  return { base: `/o/${operator.slug}/collect`, supervisor: actor.roles.includes("admin") };
}

export default function CollectLayout() {
  const { base, supervisor } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const tabs: Array<{ path: string; key: MessageKey; end?: boolean }> = [
    { path: "", key: supervisor ? "collect.nav.all" : "collect.nav.queue", end: true },
    { path: "/stats", key: "collect.nav.stats" },
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("collect.title")}</h1>
      <nav aria-label={t("collect.title")} className="-mx-3 overflow-x-auto px-3">
        <ul className="flex gap-1 border-b border-slate-200 whitespace-nowrap">
          {tabs.map((tab) => (
            <li key={tab.path}>
              <NavLink
                to={base + tab.path}
                end={tab.end}
                className={({ isActive }) =>
                  `flex min-h-11 items-center border-b-2 px-3 text-sm font-medium ${isActive ? "border-brand text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`
                }
              >
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
