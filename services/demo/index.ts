// The demo data a development portal starts with: operators, users, products, loans, and an overdue case.
// Built through the services (so it lives here, not in db/, which imports nothing from services/).
export { DEMO_INVESTOR, DEMO_OPERATORS, DEMO_PASSWORD, DEMO_PRODUCTS, DEMO_USERS, demoOperatorSignOn, seedDemoData } from "./seed-demo";
