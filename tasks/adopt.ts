/**
 * `tsx tasks/adopt.ts --repo DIR`: adopt an existing repository in one command — the
 * config inferred from what is there (each value with its source), the toolkit
 * installed, the workflows generated, the helper prompt written, the doctor run.
 * `--dry-run` prints every file with diffs; `--check` exits 1 when they drifted.
 */
import { join } from "node:path";
import { parseCli, runMain } from "./lib/core/cli.ts";
import { ADOPT } from "./lib/core/entries.ts";
import { UsageError } from "./lib/core/errors.ts";
import { setQuiet } from "./lib/core/log.ts";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(ADOPT, argv);
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values["dry-run"] && values.check) throw new UsageError("--dry-run and --check are exclusive");
  if (values.json) setQuiet(true);
  // The flow loads only after the flags parse, so --help loads no domain code.
  const { adopt } = await import("./lib/commands/adopt.ts");
  return adopt({
    repo: (values.repo as string | undefined) ?? ".",
    dryRun: values["dry-run"] === true,
    check: values.check === true,
    replace: values.replace === true,
    allowDirty: values["allow-dirty"] === true,
    json: values.json === true,
    toolkitDir: values["toolkit-dir"] as string | undefined,
    toolkitRoot: join(import.meta.dirname, ".."),
  });
}

runMain(() => main(process.argv.slice(2)));
