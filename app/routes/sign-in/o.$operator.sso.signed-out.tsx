import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireOperator } from "../../operator.server";

/** Where the operator's provider returns the browser after its own sign-out. */
export async function loader({ params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  return redirect(`/o/${operator.slug}`);
}
