import { NavLink } from "@remix-run/react";
import { useI18n } from "./i18n";

export function RiskTabs({ base }: { base: string }) {
  const { t } = useI18n();
  const tabs = [
    { to: base, label: t("risk.nav.queue"), end: true },
    { to: `${base}/lists`, label: t("risk.nav.lists"), end: false },
  ];
  return (
    <nav aria-label={t("risk.title")} className="-mx-3 overflow-x-auto px-3">
      <ul className="flex gap-1 border-b border-slate-200 whitespace-nowrap">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
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
