/**
 * `npm run -s operator:add -- --slug <slug> --name-zh <中文名> --name-en <English name> [--brand-primary <#hex>]`:
 * onboards an operator (brand, chart of accounts, compliance profile at the defaults, a default
 * logo) on the configured database — DATABASE_URL, else the embedded one under DATA_DIR.
 * Idempotent; a refusal exits 1 and changes nothing.
 */
import { addOperator } from "../services/administration";
import { required, runCommand } from "./admin-cli";

await runCommand("operator:add", ["slug", "name-zh", "name-en", "brand-primary"], async (args, db) => {
  const slug = required(args, "slug");
  const result = await addOperator(db, {
    slug,
    nameZh: required(args, "name-zh"),
    nameEn: required(args, "name-en"),
    brandPrimary: args.get("brand-primary"),
    actor: { system: "cli:operator:add" },
  });
  return result.created ? `created ${slug} (/o/${slug})` : `${slug} exists already; nothing changed`;
});
