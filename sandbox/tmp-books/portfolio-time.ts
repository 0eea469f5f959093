import { openDatabase } from "../../db/client";
import { getPortfolio } from "../../services/investing";
import { getWallet } from "../../services/investing/get-wallet";
async function main() {
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, maxConnections: 2 });
  const operatorId = process.argv[2]!, userId = process.argv[3]!;
  for (let k = 0; k < 4; k++) {
    const c = process.cpuUsage(); const t = performance.now();
    const p = await getPortfolio(database.db, { operatorId, userId });
    const cu = process.cpuUsage(c);
    const t2 = performance.now();
    await getWallet(database.db, { operatorId, userId });
    console.log(`portfolio ${(t2 - t).toFixed(1)} ms elapsed, node cpu ${((cu.user + cu.system) / 1000).toFixed(1)} ms, holdings ${p.holdings.length}, received ${p.received.length}; wallet ${(performance.now() - t2).toFixed(1)} ms`);
  }
  await database.close();
}
main();
