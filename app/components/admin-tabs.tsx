import { SectionTabs } from "./section-tabs";
import { useI18n } from "./i18n";

export function AdminTabs({ base }: { base: string }) {
  const { t } = useI18n();
  const tabs = [
    { to: `${base}/products`, label: t("admin.nav.products") },
    { to: `${base}/settings`, label: t("admin.nav.settings") },
    { to: `${base}/staff`, label: t("admin.nav.staff") },
    { to: `${base}/stores`, label: t("admin.nav.stores") },
    { to: `${base}/brand`, label: t("admin.nav.brand") },
    ...[["teams", t("admin.nav.teams")], ["audit", t("admin.nav.audit")]].map(([path, label]) => ({ to: `${base}/${path}`, label: label! })),
  ];
  return <SectionTabs label={t("admin.title")} tabs={tabs} />;
}
