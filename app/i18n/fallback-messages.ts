import type { Catalogue } from "./messages";

/**
 * What the browser shows when the root loader's data (which carries the page's messages in
 * the user's language) is missing: only the root error page can get here. Kept small so the
 * client bundle does not carry both full catalogues (the page-weight budget).
 */
export const FALLBACK_MESSAGES = {
  "notFound.title": "页面不存在",
  "forbidden.title": "无法完成请求",
  "badRequest.title": "请求无效",
  "error.title": "出错了",
  "notFound.operatorBody": "没有找到这个运营商。请从首页选择您的运营商。",
  "notFound.body": "您要找的页面不存在或已被移走。",
  "forbidden.body": "请求来源无法验证，请返回页面后重试。",
  "forbidden.roleBody": "您的账号没有权限使用这个页面。",
  "badRequest.body": "链接或提交的内容有误（可能已过期），请返回上一页重试。",
  "error.body": "抱歉，系统暂时无法处理您的请求，请稍后再试。",
  "error.backHome": "返回首页",
  "app.name": "普惠金融",
  "error.generic": "输入有误，请检查",
} as Partial<Catalogue> as Catalogue;
