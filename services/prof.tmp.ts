export const prof = new Map<string, number>();
export async function timeit<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t = process.hrtime.bigint();
  try { return await f(); } finally { prof.set(name, (prof.get(name) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6); }
}
export function timeSync<T>(name: string, f: () => T): T {
  const t = process.hrtime.bigint();
  try { return f(); } finally { prof.set(name, (prof.get(name) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6); }
}
process.on("exit", () => { for (const [k, v] of [...prof].sort()) console.log(`PROF ${k.padEnd(40)} ${v.toFixed(0)} ms`); });
