// The simulator (issue: demo history and load): one use case per file.
export { runSimulation, type SimulationOptions, type SimulationResult, type DayReport } from "./run-simulation";
export { summarizeSimulation, type SimulationFigures } from "./summarize";
export { originateLoan, type Origination } from "./originate-loan";
export { payDueInstallments, dueProcessingCollects } from "./borrower-payments";
export { Rng } from "./random";
export { chooseStartDate } from "./choose-start-date";
