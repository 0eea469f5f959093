/** A form as a page renders it: where it goes and the values a person could send. */
export interface PageForm {
  method: "get" | "post";
  /** The form's action (a path), or null for "this page". */
  action: string | null;
  /** Each field name with the values the page offers (hidden values, options, buttons); [] for free text. */
  fields: Map<string, string[]>;
}

const unescape = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const attribute = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescape(match[1]!) : null;
};

/** The forms of a server-rendered page (React's markup: double-quoted attributes, escaped values). */
export function formsIn(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const open = match[1]!;
    const body = match[2]!;
    const method = (attribute(open, "method") ?? "get").toLowerCase() === "post" ? "post" : "get";
    const fields = new Map<string, string[]>();
    const offer = (name: string | null, value: string | null) => {
      if (!name || name === "_csrf") return;
      const values = fields.get(name) ?? [];
      if (value !== null && !values.includes(value)) values.push(value);
      fields.set(name, values);
    };
    for (const tag of body.matchAll(/<(input|button|textarea)\b([^>]*)>/g)) {
      const type = attribute(tag[2]!, "type") ?? "";
      if (tag[1] === "button" && type !== "submit" && type !== "") continue;
      offer(attribute(tag[2]!, "name"), attribute(tag[2]!, "value") ?? (type === "checkbox" ? "on" : null));
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(select[1]!, "name");
      for (const option of select[2]!.matchAll(/<option\b([^>]*)>/g)) offer(name, attribute(option[1]!, "value"));
      if (name && !fields.has(name)) fields.set(name, []);
    }
    forms.push({ method, action: attribute(open, "action"), fields });
  }
  return forms;
}
