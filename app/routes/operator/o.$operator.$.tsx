import { PageErrorBoundary } from "../../components/page-error-boundary";
import { PLAIN_HTML } from "../../route-handle";

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function NotFound() {
  return null;
}

export const ErrorBoundary = PageErrorBoundary;
