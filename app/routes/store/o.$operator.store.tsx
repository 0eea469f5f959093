import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireUser } from "../../guard.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { SectionTabs } from "../../components/section-tabs";

/** The store counter's two desks: lenders' cash top-ups, and borrowers' applications and cash payouts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator } = await requireUser(request, params, "store_clerk");
  return { base: `/o/${operator.slug}/store` };
}

export default function StoreLayout() {
  const { base } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <SectionTabs
        label={t("store.title")}
        tabs={[
          { to: base, label: t("storeTabs.topUps"), end: true },
          { to: `${base}/loans`, label: t("storeTabs.loans") },
          { to: `${base}/repay`, label: t("storeTabs.repay") },
          { to: `${base}/cash-up`, label: t("storeTabs.cashUp") },
        ]}
      />
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
