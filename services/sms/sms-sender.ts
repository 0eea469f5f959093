/** The boundary to an SMS gateway. Real gateways cannot be reached from here. */
export interface SmsMessage {
  operatorId: string;
  phone: string;
  body: string;
}

export interface SmsSender {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}
