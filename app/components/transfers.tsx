import { Money } from "./money";
import { useI18n } from "./i18n";

/** Label and amount rows of a transfer's figures (a definition list that fits 360 px). */
export function FigureList({ rows, testId }: { rows: ReadonlyArray<{ label: string; amount?: string; text?: string; testId?: string; strong?: boolean }>; testId?: string }) {
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm" data-testid={testId}>
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className="text-slate-500">{row.label}</dt>
          <dd className={`text-right ${row.strong ? "font-semibold text-slate-900" : ""}`} data-testid={row.testId}>
            {row.amount !== undefined ? <Money amount={row.amount} /> : row.text}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A listing's price breakdown for a buyer: principal, the seller's accrued interest, the price. */
export function ListingFigures({ listing }: { listing: { principal: string; accruedInterest: string; price: string; pricePercent: string } }) {
  const { t } = useI18n();
  return (
    <FigureList
      testId="listing-figures"
      rows={[
        { label: t("transfer.principalLabel"), amount: listing.principal, testId: "listing-principal" },
        { label: t("transfer.accruedBuyer"), amount: listing.accruedInterest },
        { label: `${t("transfer.price")} (${listing.pricePercent}%)`, amount: listing.price, testId: "listing-price", strong: true },
      ]}
    />
  );
}
