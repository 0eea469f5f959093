import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { channels } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { SectionTabs } from "../../components/section-tabs";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator } = await requireUser(request, params, "finance");
  // Each repayment channel with a finance page of its own adds its tab (services/repayment/channels/registry.ts).
  return { base: `/o/${operator.slug}/finance`, channelTabs: channels.channelFinancePages() };
}

const TABS: Array<{ path: string; key: MessageKey; end?: boolean }> = [
  { path: "", key: "finance.nav.trialBalance", end: true },
  { path: "/accounts", key: "finance.nav.accounts" },
  { path: "/journal", key: "finance.nav.journal" },
  { path: "/adjustments", key: "finance.nav.adjustments" },
  { path: "/disbursements", key: "finance.nav.disbursements" },
  { path: "/withdrawals", key: "finance.nav.withdrawals" },
  { path: "/reconciliation", key: "finance.nav.reconciliation" },
  { path: "/disclosure", key: "finance.nav.disclosure" },
  { path: "/stores", key: "financeStores.nav" },
  { path: "/audit", key: "finance.nav.audit" },
  { path: "/ledger-check", key: "finance.nav.ledgerCheck" },
  { path: "/due-runs", key: "finance.nav.dueRuns" },
];

export default function FinanceLayout() {
  const { base, channelTabs } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const at = TABS.findIndex((tab) => tab.path === "/stores");
  const tabs: typeof TABS = [...TABS.slice(0, at), ...channelTabs.map((c) => ({ path: c.path, key: c.navKey as MessageKey })), ...TABS.slice(at)];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("finance.title")}</h1>
      <SectionTabs label={t("finance.title")} tabs={tabs.map((tab) => ({ to: base + tab.path, label: t(tab.key), end: tab.end }))} />
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
