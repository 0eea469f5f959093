import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator } = await requireUser(request, params, "admin");
  throw redirect(`/o/${operator.slug}/admin/products`);
}
