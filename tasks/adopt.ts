/**
 * `tsx tasks/adopt.ts --repo DIR`: adopt an existing repository in one command — the
 * config inferred from what is there (each value with its source), the toolkit
 * installed, the workflows generated, the helper prompt written, the doctor run.
 * `--dry-run` prints every file with diffs; `--check` exits 1 when they drifted.
 * Thin: the flow is tasks/lib/commands/adopt.ts, imported after the flags are parsed
 * so `--help` loads no domain code.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { ADOPT } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(ADOPT, argv);
  const { adoptMain } = await import("./lib/commands/adopt.ts");
  return adoptMain(argv);
});
