import type { SmsKind } from "./sms-kinds";

/**
 * The boundary to a real SMS provider: a templated message (the provider holds the approved
 * wording per template code, as Chinese carriers require) to one phone. Distinct from the
 * demo's `SmsSender`, which writes free text to the sandbox outbox.
 */
export interface SmsGatewayRequest {
  phone: string;
  /** The provider's approved template code for this kind of message. */
  templateCode: string;
  /** Values for the template's variables (strings only: the provider's rule). */
  params: Readonly<Record<string, string>>;
  /** Our id for the message, echoed back in delivery receipts. */
  outId: string;
}

export interface SmsGatewayReceipt {
  /** The provider's id of the accepted message (BizId). */
  providerMessageId: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface SmsDeliveryReport {
  providerMessageId: string;
  outId: string | null;
  phone: string;
  status: DeliveryStatus;
  /** The carrier's code when delivery failed (e.g. MK:0001). */
  errorCode: string | null;
  reportedAt: Date | null;
}

/**
 * Why a send failed, in the terms a caller acts on:
 * - `rejected`: the provider refused this message (bad number, template, content); do not retry.
 * - `throttled`: the provider's per-number or per-day limit; try later.
 * - `unavailable`: timeout, connection error or 5xx; the message may or may not have gone.
 * - `misconfigured`: our credentials or signature were refused; an operator must act.
 */
export type SmsGatewayErrorKind = "rejected" | "throttled" | "unavailable" | "misconfigured";

export class SmsGatewayError extends Error {
  constructor(
    readonly kind: SmsGatewayErrorKind,
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = "SmsGatewayError";
  }
}

export interface SmsGateway {
  readonly name: string;
  send(request: SmsGatewayRequest): Promise<SmsGatewayReceipt>;
  /** Delivery reports of the messages sent to one phone on one day (provider's local date). */
  queryDelivery(input: { phone: string; providerMessageId?: string; sentOn: string }): Promise<SmsDeliveryReport[]>;
}

/** A gateway with the template code it uses for each kind (the provider's approved codes). */
export interface SmsTransport {
  gateway: SmsGateway;
  templates: Readonly<Record<SmsKind, string>>;
  /**
   * Keep a one-time code's parameters after it was sent. Only the sandbox does (its outbox
   * page is where demo users read their codes); with a real gateway the code is erased once
   * sent, so the table never holds a usable code beside its hash.
   */
  keepsCodes: boolean;
}
