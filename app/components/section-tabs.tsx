import { NavLink } from "@remix-run/react";

export interface SectionTab {
  to: string;
  label: string;
  /** Active only on this exact path (the section's index tab). */
  end?: boolean;
}

/**
 * The tab strip of a back-office section (finance, store, risk, collections, admin). On a
 * phone the tabs wrap onto a second row rather than scroll sideways: a strip cut at the
 * screen's edge hid its last tabs with no hint that they were there.
 */
export function SectionTabs({ label, tabs }: { label: string; tabs: readonly SectionTab[] }) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-x-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              className={({ isActive }) =>
                `flex min-h-11 items-center whitespace-nowrap border-b-2 px-2 text-sm font-medium ${isActive ? "border-brand text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`
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
