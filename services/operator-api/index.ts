export { createOperatorApiClient, OperatorApiError, OPERATOR_API_DEFAULTS, type OperatorApiClient, type OperatorApiConfig } from "./operator-api-client";
export { lookupSubscriber, queryDeductions, requestDeduction, MAX_QUERY_IDS, type DeductionAnswer, type SubscriberAnswer } from "./operator-api-calls";
