/**
 * A local stand-in for Alibaba Cloud SMS (Dysmsapi 2017-05-25): the two RPC actions the
 * portal calls, SendSms and QuerySendDetails, behind the provider's V3 signature check
 * (ACS3-HMAC-SHA256, a 15-minute clock window, one-time nonces). The official SDK is
 * pointed at it with `endpoint` and `protocol: "http"`. Faults can be injected: HTTP 500,
 * a hang past the caller's timeout, a message accepted whose answer never comes (the caller
 * cannot tell it went: the duplicate-send trap), an answer that is not the protocol's, the
 * per-number limit. QuerySendDetails answers from what was accepted, so receipts can be polled. Run alone:
 * `tsx services/sms/testing/aliyun-sms-stand-in.ts` (ALIYUN_SMS_STAND_IN_PORT, default 12112).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { acs3Signature, canonicalRequest, parseAcs3Authorization, sha256Hex, signaturesEqual } from "../aliyun/acs3-signature";

/** The provider refuses requests whose x-acs-date is further than this from its clock. */
const CLOCK_WINDOW_MS = 15 * 60 * 1000;
const MOBILE = /^1[3-9]\d{9}$/;

export interface StandInMessage {
  bizId: string;
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string | null;
  sendDate: string;
  /** 1 waiting, 2 failed, 3 delivered: the provider's SendStatus. */
  sendStatus: 1 | 2 | 3;
  errCode: string;
}

export interface AliyunSmsStandIn {
  origin: string;
  /** host:port, for the SDK's `endpoint`. */
  endpoint: string;
  messages: StandInMessage[];
  /** Every refused request: the provider's error code and why. */
  refusals: Array<{ code: string; reason: string }>;
  /** The next this-many requests answer HTTP 500. */
  failNext: number;
  /** The next this-many requests never answer (the caller's read timeout decides). */
  hangNext: number;
  /** The next this-many SendSms are accepted (the message exists) but never answered. */
  acceptThenHangNext: number;
  /** The next this-many requests answer 200 with a body that is not the protocol's. */
  malformedNext: number;
  /** Numbers over the provider's per-number limit: SendSms answers isv.BUSINESS_LIMIT_CONTROL. */
  throttledPhones: Set<string>;
  close(): Promise<void>;
}

export interface StandInOptions {
  port?: number;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCodes: readonly string[];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "x-acs-request-id": String(body.RequestId) });
  res.end(JSON.stringify(body));
}

function requestId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

/** The provider's own checks on a signed request; returns the refusal code or null. */
function verify(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  options: StandInOptions,
  seenNonces: Set<string>,
): { code: string; reason: string; status: number } | null {
  const auth = parseAcs3Authorization(req.headers.authorization);
  if (!auth) return { code: "IncompleteSignature", reason: "malformed Authorization", status: 400 };
  if (auth.accessKeyId !== options.accessKeyId) return { code: "InvalidAccessKeyId.NotFound", reason: "unknown key", status: 404 };
  const header = (name: string) => String(req.headers[name] ?? "");
  if (header("x-acs-content-sha256") !== sha256Hex(body)) return { code: "IncompleteSignature", reason: "payload hash", status: 400 };
  const sentAt = Date.parse(header("x-acs-date"));
  if (!Number.isFinite(sentAt) || Math.abs(Date.now() - sentAt) > CLOCK_WINDOW_MS) {
    return { code: "InvalidTimeStamp.Expired", reason: "clock window", status: 400 };
  }
  const nonce = header("x-acs-signature-nonce");
  if (!nonce || seenNonces.has(nonce)) return { code: "SignatureNonceUsed", reason: "nonce replayed", status: 400 };
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = header(name);
  const expected = acs3Signature(
    options.accessKeySecret,
    canonicalRequest({ method: req.method ?? "POST", path: url.pathname, query: [...url.searchParams], headers, signedHeaders: auth.signedHeaders, payloadSha256Hex: sha256Hex(body) }),
  );
  if (!signaturesEqual(expected, auth.signature)) return { code: "SignatureDoesNotMatch", reason: "signature", status: 400 };
  seenNonces.add(nonce);
  return null;
}

function sendSms(standIn: AliyunSmsStandIn, options: StandInOptions, p: URLSearchParams): Record<string, unknown> {
  const phone = p.get("PhoneNumbers") ?? "";
  if (!MOBILE.test(phone)) return { Code: "isv.MOBILE_NUMBER_ILLEGAL", Message: "非法手机号" };
  if (p.get("SignName") !== options.signName) return { Code: "isv.SMS_SIGNATURE_ILLEGAL", Message: "该账号下找不到对应签名" };
  const templateCode = p.get("TemplateCode") ?? "";
  if (!options.templateCodes.includes(templateCode)) return { Code: "isv.SMS_TEMPLATE_ILLEGAL", Message: "该账号下找不到对应模板" };
  let params: Record<string, string> = {};
  try {
    params = JSON.parse(p.get("TemplateParam") ?? "{}");
  } catch {
    return { Code: "isv.INVALID_JSON_PARAM", Message: "JSON参数不合法" };
  }
  if (standIn.throttledPhones.has(phone)) return { Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发号码天级流控" };
  const bizId = `${Date.now()}${randomBytes(4).readUInt32BE(0)}^0`;
  // The provider reports times in Beijing time (UTC+8), "yyyy-MM-dd HH:mm:ss".
  const sendDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
  standIn.messages.push({ bizId, phone, signName: options.signName, templateCode, params, outId: p.get("OutId"), sendDate, sendStatus: 3, errCode: "DELIVERED" });
  return { Code: "OK", Message: "OK", BizId: bizId };
}

function querySendDetails(standIn: AliyunSmsStandIn, p: URLSearchParams): Record<string, unknown> {
  const phone = p.get("PhoneNumber") ?? "";
  const bizId = p.get("BizId");
  const day = p.get("SendDate") ?? "";
  if (!MOBILE.test(phone)) return { Code: "isv.MOBILE_NUMBER_ILLEGAL", Message: "非法手机号" };
  if (!/^\d{8}$/.test(day)) return { Code: "isv.INVALID_PARAMETERS", Message: "SendDate" };
  const found = standIn.messages.filter((m) => m.phone === phone && (!bizId || m.bizId === bizId) && m.sendDate.slice(0, 10).replaceAll("-", "") === day);
  const details = found.map((m) => ({
    PhoneNum: m.phone,
    SendStatus: m.sendStatus,
    ErrCode: m.errCode,
    TemplateCode: m.templateCode,
    Content: `【${m.signName}】${JSON.stringify(m.params)}`,
    SendDate: m.sendDate,
    ReceiveDate: m.sendStatus === 1 ? "" : m.sendDate,
    OutId: m.outId ?? "",
  }));
  return { Code: "OK", Message: "OK", TotalCount: String(details.length), SmsSendDetailDTOs: { SmsSendDetailDTO: details } };
}

export async function startAliyunSmsStandIn(options: StandInOptions): Promise<AliyunSmsStandIn> {
  const seenNonces = new Set<string>();
  let server: Server;
  const standIn: AliyunSmsStandIn = {
    origin: "",
    endpoint: "",
    messages: [],
    refusals: [],
    failNext: 0,
    hangNext: 0,
    acceptThenHangNext: 0,
    malformedNext: 0,
    throttledPhones: new Set(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const id = requestId();
    if (standIn.hangNext > 0) return void (standIn.hangNext -= 1);
    if (standIn.failNext > 0) {
      standIn.failNext -= 1;
      return reply(res, 500, { RequestId: id, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server." });
    }
    const url = new URL(req.url ?? "/", "http://stand-in");
    const refusal = verify(req, url, body, options, seenNonces);
    if (refusal) {
      standIn.refusals.push({ code: refusal.code, reason: refusal.reason });
      return reply(res, refusal.status, { RequestId: id, Code: refusal.code, Message: refusal.reason });
    }
    if (standIn.malformedNext > 0) {
      standIn.malformedNext -= 1;
      res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
      return void res.end('{"RequestId":"' + id + '","Unexpected":');
    }
    const action = req.headers["x-acs-action"];
    if (action === "SendSms" && standIn.acceptThenHangNext > 0) {
      standIn.acceptThenHangNext -= 1;
      sendSms(standIn, options, url.searchParams);
      return;
    }
    if (action === "SendSms") return reply(res, 200, { RequestId: id, ...sendSms(standIn, options, url.searchParams) });
    if (action === "QuerySendDetails") return reply(res, 200, { RequestId: id, ...querySendDetails(standIn, url.searchParams) });
    return reply(res, 404, { RequestId: id, Code: "InvalidAction.NotFound", Message: String(action) });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  standIn.endpoint = `127.0.0.1:${port}`;
  standIn.origin = `http://${standIn.endpoint}`;
  return standIn;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const standIn = await startAliyunSmsStandIn({
    port: Number(process.env.ALIYUN_SMS_STAND_IN_PORT ?? 12112),
    accessKeyId: process.env.ALIYUN_SMS_ACCESS_KEY_ID ?? "stand-in-key",
    accessKeySecret: process.env.ALIYUN_SMS_ACCESS_KEY_SECRET ?? "stand-in-secret",
    signName: process.env.ALIYUN_SMS_SIGN_NAME ?? "普惠金融",
    templateCodes: (process.env.ALIYUN_SMS_STAND_IN_TEMPLATES ?? "SMS_0001,SMS_0002,SMS_0003,SMS_0004,SMS_0005,SMS_0006,SMS_0007").split(","),
  });
  console.log(`Alibaba Cloud SMS stand-in on ${standIn.origin}`);
}
