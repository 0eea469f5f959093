import { SectionTabs } from "./section-tabs";
import { useI18n } from "./i18n";

export function RiskTabs({ base }: { base: string }) {
  const { t } = useI18n();
  const tabs = [
    { to: base, label: t("risk.nav.queue"), end: true },
    { to: `${base}/lists`, label: t("risk.nav.lists"), end: false },
  ];
  return <SectionTabs label={t("risk.title")} tabs={tabs} />;
}
