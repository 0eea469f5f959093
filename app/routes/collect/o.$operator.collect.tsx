import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { SectionTabs } from "../../components/section-tabs";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor } = await requireUser(request, params, ["collector", "admin"]);
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
      <SectionTabs label={t("collect.title")} tabs={tabs.map((tab) => ({ to: base + tab.path, label: t(tab.key), end: tab.end }))} />
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
