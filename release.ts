/**
 * The release cut: `tsx release.ts [VERSION] [--bump LEVEL] [--preid ID] [--yes] [--dry-run] [--json]`.
 * Thin: everything lives in tasks/lib/. `--help` and `--list-steps` are answered from
 * the declared flags and step ids before the flow (and its libraries) is imported.
 */
import { parseCli, runMain } from "./tasks/lib/core/cli.ts";
import { RELEASE, RELEASE_STEP_IDS } from "./tasks/lib/core/entries.ts";
import { out } from "./tasks/lib/core/log.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  if (parseCli(RELEASE, argv).values["list-steps"]) {
    out(RELEASE_STEP_IDS.join("\n"));
    return 0;
  }
  const { releaseMain } = await import("./tasks/lib/commands/release.ts");
  return releaseMain(argv);
});
