/**
 * A one-line progress bar on plain stdout: redrawn in place on a terminal (carriage
 * return), printed every 10% otherwise (CI logs, pipes). No dependencies.
 */
export function createProgressBar(label: string, options: { width?: number; stream?: NodeJS.WriteStream } = {}) {
  const stream = options.stream ?? process.stdout;
  const width = options.width ?? 28;
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastLine = "";
  return {
    update(done: number, total: number, note = "") {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total}${note ? ` ${note}` : ""}`;
      if (tty) {
        if (line !== lastLine) stream.write(`\r${line.padEnd(lastLine.length)}`);
      } else {
        const decile = Math.floor(ratio * 10);
        if (decile !== lastDecile) stream.write(`${line}\n`);
        lastDecile = decile;
      }
      lastLine = line;
    },
    done(note = "") {
      if (tty) stream.write(`\r${`${lastLine}${note ? ` ${note}` : ""}`.padEnd(lastLine.length)}\n`);
      else if (note) stream.write(`${label} ${note}\n`);
    },
  };
}

/** The database the portal uses: DATABASE_URL if set, else the embedded PGlite under DATA_DIR (default .data). */
export async function openConfiguredDatabase(options: { relaxedDurability?: boolean; maxConnections?: number } = {}) {
  const path = await import("node:path");
  const { databaseSettingsFromEnv, openDatabase } = await import("../db/client");
  const settings = databaseSettingsFromEnv();
  const pgliteDataDir = path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "pglite");
  const database = await openDatabase({ ...settings, pgliteDataDir, maxConnections: options.maxConnections ?? 4, relaxedDurability: options.relaxedDurability });
  return { ...database, where: settings.databaseUrl ? "DATABASE_URL" : pgliteDataDir };
}

/** `--name value` and `--flag` arguments. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (inline !== undefined) args.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) args.set(name, argv[++i]!);
    else args.set(name, "true");
  }
  return args;
}
