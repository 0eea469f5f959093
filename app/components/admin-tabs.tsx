import { NavLink } from "@remix-run/react";
import { useI18n } from "./i18n";

export function AdminTabs({ base }: { base: string }) {
  const { t } = useI18n();
  const tabs = [
    { to: `${base}/products`, label: t("admin.nav.products") },
    { to: `${base}/settings`, label: t("admin.nav.settings") },
  ];
  return (
    <nav aria-label={t("admin.title")} className="-mx-3 overflow-x-auto px-3">
      <ul className="flex gap-1 border-b border-slate-200 whitespace-nowrap">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              className={({ isActive }) => `flex min-h-11 items-center border-b-2 px-3 text-sm font-medium ${isActive ? "border-brand text-brand" : "border-transparent text-slate-600"}`}
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
