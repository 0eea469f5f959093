// Starts the sandbox operator services beside the portal (server.js calls this when
// OPERATOR_IDP=sandbox, the default outside production), or on their own:
//   node sandbox/start.js            (portal assumed on http://localhost:3000)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startOperatorIdp } from "./operator-idp/index.js";
import { startOperatorWebHall } from "./operator-web-hall/index.js";

/** Fixed ports: the demo operators' issuers (services/demo/seed-demo.ts) and frame ancestors name them. */
export const SANDBOX_PORTS = { idp: 3101, webHall: 3100, unlistedHost: 3102 };

/** @param {unknown} error @param {string} what @param {number} port */
function explain(error, what, port) {
  if (error && typeof error === "object" && "code" in error && error.code === "EADDRINUSE") {
    return new Error(
      `Port ${port} (${what}) is already in use: is another \`npm start\` or test run going? ` +
        "Stop it, or start the portal with OPERATOR_IDP=off to use the operators' configured issuers only.",
    );
  }
  return error;
}

/**
 * @param {{ portalOrigins: string[], stateDir?: string, quiet?: boolean }} options
 */
export async function startSandboxServices(options) {
  const [portalOrigin] = options.portalOrigins;
  if (!portalOrigin) throw new Error("startSandboxServices: portalOrigins is empty");
  const idp = await startOperatorIdp({
    port: SANDBOX_PORTS.idp,
    portalOrigins: options.portalOrigins,
    stateDir: options.stateDir,
    quiet: options.quiet,
  }).catch((error) => {
    throw explain(error, "sandbox operator identity provider", SANDBOX_PORTS.idp);
  });
  const webHall = await startOperatorWebHall({ port: SANDBOX_PORTS.webHall, portalOrigin }).catch((error) => {
    throw explain(error, "sandbox operator web hall", SANDBOX_PORTS.webHall);
  });
  const unlisted = await startOperatorWebHall({ port: SANDBOX_PORTS.unlistedHost, portalOrigin, listed: false }).catch((error) => {
    throw explain(error, "sandbox unlisted host page", SANDBOX_PORTS.unlistedHost);
  });
  return {
    idp,
    webHall,
    unlisted,
    async close() {
      await Promise.all([idp.close(), webHall.close(), unlisted.close()]);
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portal = process.env.PORTAL_ORIGIN ?? "http://localhost:3000";
  const services = await startSandboxServices({ portalOrigins: [portal], stateDir: path.resolve(process.env.DATA_DIR ?? ".data", "sandbox-idp") });
  console.log(`Sandbox operator IdP on ${services.idp.origin}/<operator>, web hall on ${services.webHall.origin}, unlisted host on ${services.unlisted.origin} (portal ${portal})`);
}
