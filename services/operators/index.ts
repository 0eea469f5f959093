export { getOperatorBySlug, listOperators, type OperatorBrand } from "./get-operator";
export { cachedOperator, cachedOperators, forgetOperators, OPERATOR_CACHE_TTL_MS } from "./operator-cache";
