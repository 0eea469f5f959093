import { PLAIN_HTML } from "../../route-handle";

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/** Plain HTML: a not-found page needs no client logic. */
export const handle = PLAIN_HTML;

export default function NotFound() {
  return null;
}
