export { getOperatorBySlug, listOperators, type OperatorBrand } from "./get-operator";
