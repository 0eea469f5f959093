import { NavLink } from "@remix-run/react";

export interface SectionTab {
  to: string;
  label: string;
  /** Active only on this exact path (the section's index tab). */
  end?: boolean;
}

/** The tab strip of a back-office section (finance, store, risk, collections, admin); scrolls sideways on a phone. */
export function SectionTabs({ label, tabs }: { label: string; tabs: readonly SectionTab[] }) {
  return (
    <nav aria-label={label} className="-mx-3 overflow-x-auto px-3">
      <ul className="flex gap-1 border-b border-slate-200 whitespace-nowrap">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              className={({ isActive }) =>
                `flex min-h-11 items-center border-b-2 px-3 text-sm font-medium ${isActive ? "border-brand text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`
              }
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
