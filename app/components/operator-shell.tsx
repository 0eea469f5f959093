import { Link, NavLink, useRouteLoaderData } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import type { loader as operatorLoader } from "../routes/operator/o.$operator";
import { LanguageSwitch } from "./language-switch";
import { PostForm } from "./forms";
import { useI18n } from "./i18n";
import { EmbedShell, usePinnedEmbedded } from "./embed-shell";

export type OperatorLayoutData = Awaited<ReturnType<typeof operatorLoader>>;

export function useOperatorData(): OperatorLayoutData | undefined {
  return useRouteLoaderData<typeof operatorLoader>("routes/o.$operator");
}

function HomeIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />
    </svg>
  );
}

function LedgerIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <rect x="4" y="3" width="16" height="18" rx="2" />
      <path d="M8 8h8M8 12h8M8 16h5" />
    </svg>
  );
}

function BorrowIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="12" cy="12" r="9" />
      <path d="M8.5 8l3.5 4 3.5-4M8.5 12.5h7M8.5 15.5h7M12 12v6" />
    </svg>
  );
}

function StoreIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M4 10l1.5-5h13L20 10M4 10h16v10H4zM9 20v-5h6v5" />
    </svg>
  );
}

function PhoneIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M5 4h4l2 5-2.5 1.5a11 11 0 005 5L15 13l5 2v4a2 2 0 01-2 2A16 16 0 013 6a2 2 0 012-2z" />
    </svg>
  );
}

function ShieldIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" />
      <path d="M9 12l2 2 4-4" />
    </svg>
  );
}

function GearIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
    </svg>
  );
}

function PersonIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4 4-6 8-6s8 2 8 6" />
    </svg>
  );
}

function InvestIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M4 19V5M4 19h16M8 15l4-4 3 3 5-6" />
    </svg>
  );
}

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M6 16V11a6 6 0 0112 0v5l2 2H4zM10 20a2 2 0 004 0" />
    </svg>
  );
}

/** The inbox link in the header (phones and desktops alike), with the unread count as a badge. */
function InboxLink({ base, unread }: { base: string; unread: number }) {
  const { t } = useI18n();
  return (
    <Link
      to={`${base}/inbox`}
      className="relative flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-white/10"
      aria-label={unread > 0 ? t("nav.inboxUnread", { count: unread }) : t("nav.inbox")}
      data-testid="nav-inbox"
    >
      <BellIcon />
      {unread > 0 ? (
        <span className="absolute right-0.5 top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white" data-testid="nav-inbox-unread">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}

function WalletIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <rect x="3" y="6" width="18" height="14" rx="2" />
      <path d="M3 10h18M16 15h2M6 6l9-3 1 3" />
    </svg>
  );
}

/** The bottom navigation of a phone holds at most this many items (the account page is always last). */
const MAX_NAV_ITEMS = 5;

/**
 * The H5 shell in the operator's brand: header, content, bottom navigation on phones
 * and a side navigation from the md breakpoint up.
 */
export function OperatorShell({ children }: { children: ReactNode }) {
  const data = useOperatorData();
  const { t, locale } = useI18n();
  const embedded = usePinnedEmbedded(data?.embedded ?? false);
  if (!data) return <>{children}</>;
  const { operator, user } = data;
  const base = `/o/${operator.slug}`;
  const name = locale === "zh-CN" ? operator.nameZh : operator.nameEn;
  const style = {
    "--brand-primary": operator.brandPrimary,
    "--brand-primary-dark": operator.brandPrimaryDark,
    "--brand-accent": operator.brandAccent,
  } as CSSProperties;
  if (embedded) {
    return (
      <EmbedShell operator={operator} signedIn={!!user} style={style}>
        {children}
      </EmbedShell>
    );
  }
  const roles = user?.roles ?? [];
  const staff = roles.some((r) => r !== "borrower" && r !== "investor");
  // By role; the phone's bottom bar keeps at most MAX_NAV_ITEMS (home and "me" always).
  const roleItems = [
    ...(user && (roles.includes("borrower") || !staff) ? [{ to: `${base}/borrow`, label: t("nav.borrow"), icon: <BorrowIcon />, end: false }] : []),
    // The invest list is for everyone but staff-only accounts; the portfolio for investors.
    ...(!staff || roles.includes("investor") ? [{ to: `${base}/invest`, label: t("nav.invest"), icon: <InvestIcon />, end: false }] : []),
    ...(roles.includes("investor") ? [{ to: `${base}/me/portfolio`, label: t("nav.assets"), icon: <WalletIcon />, end: false }] : []),
    ...(roles.includes("store_clerk") ? [{ to: `${base}/store`, label: t("nav.store"), icon: <StoreIcon />, end: false }] : []),
    ...(roles.includes("risk_officer") ? [{ to: `${base}/risk`, label: t("nav.risk"), icon: <ShieldIcon />, end: false }] : []),
    ...(roles.includes("finance") ? [{ to: `${base}/finance`, label: t("nav.finance"), icon: <LedgerIcon />, end: false }] : []),
    ...(roles.includes("collector") ? [{ to: `${base}/collect`, label: t("nav.collect"), icon: <PhoneIcon />, end: false }] : []),
    ...(roles.includes("admin") ? [{ to: `${base}/admin/products`, label: t("nav.admin"), icon: <GearIcon />, end: false }] : []),
  ].slice(0, MAX_NAV_ITEMS - 2);
  const navItems = [
    { to: base, label: t("nav.home"), icon: <HomeIcon />, end: true },
    ...roleItems,
    { to: `${base}/account`, label: t("nav.account"), icon: <PersonIcon />, end: false },
  ];
  return (
    <div style={style} className="flex min-h-screen flex-col" data-operator={operator.slug}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2">
        {t("app.skipToContent")}
      </a>
      <header className="sticky top-0 z-20 bg-brand text-white shadow">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-2 px-3">
          <Link to={base} className="flex min-w-0 items-center gap-2">
            <img src={operator.logoPath} alt="" width={32} height={32} className="size-8 rounded-md bg-white p-0.5" />
            <span className="truncate text-base font-semibold">
              {name}
              <span className="font-normal opacity-90"> · {t("app.name")}</span>
            </span>
          </Link>
          <div className="ml-auto flex shrink-0 items-center gap-1">
            <LanguageSwitch />
            {user ? <InboxLink base={base} unread={data.unreadNotifications} /> : null}
            {user ? (
              <PostForm action={`${base}/logout`} className="hidden md:block">
                <button type="submit" className="min-h-11 rounded-md px-2 text-sm font-medium hover:underline">
                  {t("nav.signOut")}
                </button>
              </PostForm>
            ) : (
              <Link to={`${base}/login`} className="flex min-h-11 items-center rounded-md px-2 text-sm font-medium hover:underline">
                {t("nav.signIn")}
              </Link>
            )}
          </div>
        </div>
      </header>
      <div className="mx-auto flex w-full max-w-5xl flex-1 gap-6 md:px-3 md:py-6">
        <nav aria-label={t("nav.main")} className="hidden w-48 shrink-0 md:block">
          <ul className="space-y-1">
            {navItems.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    `flex min-h-11 items-center gap-3 rounded-lg px-3 ${isActive ? "bg-brand-soft font-semibold text-brand-dark" : "text-slate-700 hover:bg-slate-100"}`
                  }
                >
                  {item.icon}
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="min-w-0 flex-1 px-3 pb-24 pt-4 md:p-0">
          {children}
        </main>
      </div>
      <footer className="hidden border-t border-slate-200 py-4 text-center text-xs text-slate-500 md:block">
        {t("footer.license")}
      </footer>
      <nav aria-label={t("nav.main")} className="fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-white md:hidden">
        <ul className="flex">
          {navItems.map((item) => (
            <li key={item.to} className="flex flex-1">
              <NavLink
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  `flex min-h-14 flex-1 flex-col items-center justify-center gap-0.5 text-xs ${isActive ? "font-semibold text-brand" : "text-slate-600"}`
                }
              >
                {item.icon}
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
