// HTML of the sandbox operator's own pages: sign-in, sign-out, errors. Small and
// self-contained (inline CSS), phone-first, Chinese with English beside it.

/** @param {unknown} value */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * @param {{ nameZh: string, nameEn: string, colour: string }} operator
 * @param {string} title
 * @param {string} body
 */
export function layout(operator, title, body) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(operator.nameZh)}</title>
<style>
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f4f5f7;color:#1f2937}
  header{background:${operator.colour};color:#fff;padding:14px 16px;font-weight:600;font-size:17px}
  header small{display:block;font-weight:400;opacity:.85;font-size:12px}
  main{max-width:420px;margin:0 auto;padding:16px}
  .card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
  h1{font-size:20px;margin:0 0 4px}
  p{line-height:1.5}
  label{display:block;font-size:14px;font-weight:500;margin:14px 0 4px}
  input[type=tel],input[type=password]{width:100%;min-height:44px;border:1px solid #cbd5e1;border-radius:8px;padding:8px 12px;font-size:16px}
  button,.btn{display:block;width:100%;min-height:44px;margin-top:16px;border:0;border-radius:8px;background:${operator.colour};color:#fff;font-size:16px;font-weight:600;text-align:center;text-decoration:none;line-height:44px;cursor:pointer}
  button.secondary{background:#fff;color:#334155;border:1px solid #cbd5e1;margin-top:10px}
  .error{background:#fef2f2;color:#991b1b;border-radius:8px;padding:10px 12px;font-size:14px}
  .muted{color:#64748b;font-size:13px}
  .client{font-size:14px;color:#475569;margin:0 0 4px}
</style>
</head>
<body>
<header>${esc(operator.nameZh)} 统一认证<small>${esc(operator.nameEn)} ID · 演示环境 sandbox</small></header>
<main>${body}</main>
</body>
</html>`;
}

/**
 * @param {{ nameZh: string, nameEn: string, colour: string }} operator
 * @param {{ action: string, abortAction: string, clientName: string, phone?: string, error?: string }} view
 */
export function loginPage(operator, view) {
  return layout(
    operator,
    "登录",
    `<div class="card">
  <h1>登录${esc(operator.nameZh)}账号</h1>
  <p class="client">「${esc(view.clientName)}」请求使用您的手机号码登录。</p>
  ${view.error ? `<p class="error" role="alert">${esc(view.error)}</p>` : ""}
  <form method="post" action="${esc(view.action)}" autocomplete="off">
    <label for="phone">手机号码 Phone</label>
    <input id="phone" name="phone" type="tel" inputmode="numeric" required autofocus value="${esc(view.phone ?? "")}">
    <label for="password">服务密码 Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">登录 Sign in</button>
  </form>
  <form method="post" action="${esc(view.abortAction)}">
    <button type="submit" class="secondary">取消 Cancel</button>
  </form>
</div>
<p class="muted">演示账号见门户 README：手机号 1860000xxxx / 1380000xxxx / 1890000xxxx，密码 Pass1234。</p>`,
  );
}

/**
 * The RP-initiated logout page: signs out at once (the portal's id_token_hint names the
 * client), with a button for browsers without JavaScript.
 * @param {{ nameZh: string, nameEn: string, colour: string }} operator
 * @param {string} form the provider's form (carries its xsrf token)
 */
export function logoutPage(operator, form) {
  return layout(
    operator,
    "退出登录",
    `<div class="card">
  <h1>正在退出${esc(operator.nameZh)}账号…</h1>
  ${form}
  <input type="hidden" form="op.logoutForm" name="logout" value="yes">
  <button type="submit" form="op.logoutForm">退出 Sign out</button>
</div>
<script>document.getElementById("op.logoutForm").submit();</script>`,
  );
}

/** @param {{ nameZh: string, nameEn: string, colour: string }} operator */
export function signedOutPage(operator) {
  return layout(operator, "已退出", `<div class="card"><h1>您已退出${esc(operator.nameZh)}账号</h1><p>You have signed out.</p></div>`);
}

/**
 * @param {{ nameZh: string, nameEn: string, colour: string }} operator
 * @param {Record<string, string>} out
 */
export function errorPage(operator, out) {
  return layout(
    operator,
    "出错了",
    `<div class="card"><h1>请求无法完成</h1><p>${esc(out.error_description ?? out.error ?? "error")}</p><p class="muted">${esc(out.error ?? "")}</p></div>`,
  );
}
