/**
 * `npm run -s staff:add -- --operator <slug> --phone <mobile> --role <role> [--password <password>]`:
 * creates the user if needed and grants the role; a password is set only for a user who has
 * none. Idempotent; a refusal exits 1 and changes nothing.
 */
import { grantStaffRole } from "../services/administration";
import { getOperatorBySlug } from "../services/operators";
import { DomainError } from "../services/shared/errors";
import { required, runCommand } from "./admin-cli";

await runCommand("staff:add", ["operator", "phone", "role", "password"], async (args, db) => {
  const slug = required(args, "operator");
  const phone = required(args, "phone");
  const role = required(args, "role");
  const operator = await getOperatorBySlug(db, slug);
  if (!operator) throw new DomainError("operator.not_found", { field: "operator" });
  const result = await grantStaffRole(db, { operatorId: operator.id, phone, role, password: args.get("password"), actor: { system: "cli:staff:add" } });
  const parts = [result.userCreated ? "user created" : "user exists", result.roleGranted ? `role ${role} granted` : `already ${role}`];
  if (args.has("password")) parts.push(result.passwordSet ? "password set" : "password kept (the user has one)");
  return `${phone} at ${slug}: ${parts.join(", ")}`;
});
