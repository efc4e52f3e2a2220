/**
 * `tsx tasks/gen-workflows.ts [--check] [--repo DIR]`: render templates/ into
 * .github/workflows. `--check` writes nothing and exits 1 with a unified diff when a
 * generated file is missing, differs, or is generated but no longer produced.
 * Thin: the flow is tasks/lib/commands/gen-workflows.ts, imported after the flags are
 * parsed so `--help` loads no template and no library.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { GEN_WORKFLOWS } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(GEN_WORKFLOWS, argv);
  const { genWorkflowsMain } = await import("./lib/commands/gen-workflows.ts");
  return genWorkflowsMain(argv);
});
