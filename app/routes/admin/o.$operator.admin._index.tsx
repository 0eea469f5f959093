import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../../borrowing.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator } = await requireActor(request, params, "admin");
  throw redirect(`/o/${operator.slug}/admin/products`);
}
