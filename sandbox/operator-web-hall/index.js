// Sandbox operator web hall (网厅): a page on another origin that embeds the portal in an
// iframe, as an operator's web hall does, and sizes the frame from the portal's height
// messages. Started a second time on an origin the operators did not list, it shows that
// the browser refuses to frame the portal there.
import http from "node:http";
import { esc } from "../operator-idp/pages.js";
import { SANDBOX_OPERATORS } from "../operator-idp/subscribers.js";

/** The message the portal's framed pages post to their host (see app/components/embed-shell.tsx). */
export const HEIGHT_MESSAGE = "lending-portal:height";

/**
 * @param {{ portalOrigin: string, slug: string, page: string, listed: boolean }} view
 * @param {import("../operator-idp/subscribers.js").SandboxOperator} operator
 */
function hallPage(operator, view) {
  const src = `${view.portalOrigin}${view.page}${view.page.includes("?") ? "&" : "?"}embed=1`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(operator.nameZh)}网上营业厅（演示）</title>
<style>
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#eef0f3;color:#1f2937}
  header{background:${operator.colour};color:#fff;padding:12px 16px}
  header b{font-size:17px}
  header small{display:block;opacity:.85;font-size:12px}
  nav{display:flex;gap:4px;overflow-x:auto;background:#fff;border-bottom:1px solid #d8dde3;padding:0 8px}
  nav span{padding:10px 8px;font-size:14px;white-space:nowrap;color:#475569}
  nav span.on{color:${operator.colour};border-bottom:2px solid ${operator.colour};font-weight:600}
  .warn{background:#fff7ed;color:#9a3412;padding:10px 16px;font-size:14px}
  main{max-width:960px;margin:0 auto;padding:8px 0}
  iframe{display:block;width:100%;height:640px;border:0;background:#fff}
  footer{font-size:12px;color:#64748b;padding:8px 16px}
</style>
</head>
<body>
<header><b>${esc(operator.nameZh)} 网上营业厅</b><small>${esc(operator.nameEn)} web hall · 演示 sandbox</small></header>
<nav><span>首页</span><span>话费充值</span><span>宽带</span><span class="on">普惠金融</span></nav>
${view.listed ? "" : `<p class="warn" data-testid="unlisted">本页所在网站未被${esc(operator.nameZh)}登记为可嵌入来源：浏览器应拒绝显示下面的门户页面。<br>This origin is not listed for the operator: the browser must refuse to frame the portal.</p>`}
<main>
  <iframe id="portal" title="普惠金融" src="${esc(src)}"></iframe>
</main>
<footer>框架高度 frame height: <span id="height" data-testid="frame-height">未收到 none received</span></footer>
<script>
  (function () {
    var portalOrigin = ${JSON.stringify(view.portalOrigin)};
    var frame = document.getElementById("portal");
    window.addEventListener("message", function (event) {
      if (event.origin !== portalOrigin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== ${JSON.stringify(HEIGHT_MESSAGE)} || typeof data.height !== "number" || !isFinite(data.height)) return;
      var height = Math.max(200, Math.min(20000, Math.ceil(data.height)));
      frame.style.height = height + "px";
      document.getElementById("height").textContent = height + " px";
    });
  })();
</script>
</body>
</html>`;
}

/**
 * @param {{ port?: number, portalOrigin: string, listed?: boolean, quiet?: boolean }} options
 * @returns {Promise<{ origin: string, port: number, close(): Promise<void> }>}
 */
export async function startOperatorWebHall(options) {
  const listed = options.listed ?? true;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hall");
    const slug = url.pathname.split("/")[1] ?? "";
    const operator = SANDBOX_OPERATORS.find((o) => o.slug === slug);
    res.setHeader("Cache-Control", "no-store");
    if (!operator) {
      if (url.pathname !== "/") {
        res.statusCode = 404;
        res.end("Not found");
        return;
      }
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>运营商网厅（演示）</title></head>
<body style="font-family:system-ui,sans-serif;padding:16px"><h1 style="font-size:20px">运营商网上营业厅（演示）</h1><ul>
${SANDBOX_OPERATORS.map((o) => `<li style="margin:8px 0"><a href="/${o.slug}">${esc(o.nameZh)}网上营业厅 · ${esc(o.nameEn)}</a></li>`).join("")}
</ul></body></html>`);
      return;
    }
    // Which portal page to embed: only paths under the operator's own pages.
    const requested = url.searchParams.get("page") ?? `/o/${slug}`;
    const page = requested.startsWith(`/o/${slug}`) && !requested.includes("//") ? requested : `/o/${slug}`;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(hallPage(operator, { portalOrigin: options.portalOrigin, slug, page, listed }));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : Number(options.port);
  return {
    origin: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
