import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireOperator } from "../operator.server";
import { requireSession } from "../session.server";
import { useI18n } from "../components/i18n";
import { PageErrorBoundary } from "../components/page-error-boundary";

/** The store counter's two desks: lenders' cash top-ups, and borrowers' applications and cash payouts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  await requireSession(request, operator, { role: "store_clerk" });
  return { base: `/o/${operator.slug}/store` };
}

export default function StoreLayout() {
  const { base } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const tab = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-11 items-center border-b-2 px-3 text-sm font-medium ${isActive ? "border-brand text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`;
  return (
    <div className="space-y-4">
      <nav aria-label={t("store.title")} className="-mx-3 overflow-x-auto px-3">
        <ul className="flex gap-1 border-b border-slate-200 whitespace-nowrap">
          <li>
            <NavLink to={base} end className={tab}>
              {t("storeTabs.topUps")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/loans`} className={tab}>
              {t("storeTabs.loans")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/repay`} className={tab}>
              {t("storeTabs.repay")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/cash-up`} className={tab}>
              {t("storeTabs.cashUp")}
            </NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
