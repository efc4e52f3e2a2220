/**
 * Argument parsing from an entry's declared flags, `--help` rendered from them, and
 * the main wrapper that turns errors into exit codes (0 ok, 1 failed, 2 usage).
 */
import { parseArgs } from "node:util";
import type { EntrySpec, FlagsOf } from "./entries.ts";
import { EXIT_FAILED, EXIT_USAGE, ReleaseError, UsageError } from "./errors.ts";
import { c, log } from "./log.ts";
import { redact } from "./redact.ts";

/** An entry's command line: its flags typed from its declaration, then the positionals. */
export interface ParsedArgs<E extends EntrySpec = EntrySpec> {
  values: FlagsOf<E>;
  positionals: string[];
}

export function renderHelp(spec: EntrySpec): string {
  const lines = [spec.summary, "", `Usage: ${spec.usage}`, "", "Options:"];
  for (const [name, f] of Object.entries(spec.flags)) {
    const left = `${f.short ? `-${f.short}, ` : "    "}--${name}${f.value ? ` ${f.value}` : ""}`;
    lines.push(`  ${left.padEnd(34)} ${f.description}`);
  }
  if (spec.subcommands) {
    lines.push("", "Commands:");
    for (const [name, d] of Object.entries(spec.subcommands)) lines.push(`  ${name.padEnd(34)} ${d}`);
  }
  lines.push("", "Exit codes: 0 success, 1 blocked or failed, 2 usage error.");
  return lines.join("\n");
}

/** Parse argv against the spec; `--help` prints help and exits 0; a wrong flag is a UsageError. */
export function parseCli<E extends EntrySpec>(spec: E, argv: string[]): ParsedArgs<E> {
  const options: Record<string, { type: "boolean" | "string"; multiple?: boolean; short?: string }> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    options[name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nRun \`tsx ${spec.path} --help\` for the accepted flags.`);
  }
  if (parsed.values.help) {
    process.stdout.write(renderHelp(spec) + "\n");
    process.exit(0);
  }
  return { values: parsed.values as FlagsOf<E>, positionals: parsed.positionals };
}

/** Print a refusal with its fix. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    log(`${c.red("usage:")} ${e.message}`);
    return EXIT_USAGE;
  }
  if (e instanceof ReleaseError) {
    log(`${c.red("error")} [${e.code}] ${e.message}`);
    if (e.fix) log(`${c.yellow("fix:")} ${e.fix}`);
    return EXIT_FAILED;
  }
  const err = e as Error;
  log(`${c.red("bug:")} ${redact(err?.stack ?? String(e))}`);
  log("This is a bug in the toolkit, not in your repository. Please report it with the output above.");
  return EXIT_FAILED;
}

/**
 * What a flow in `commands/` takes besides its argv: the environment and the working
 * directory of the process it stands for (a test passes its own; an entry passes none).
 */
export interface FlowOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Run an entry's main function and exit with its code. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportError(e);
    },
  );
}
