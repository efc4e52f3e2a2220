/**
 * The release cut: `tsx release.ts [VERSION] [--bump LEVEL] [--preid ID] [--yes] [--dry-run] [--json]`.
 * Thin: everything lives in tasks/lib/release/.
 */
import { runMain } from "./tasks/lib/core/cli.ts";
import { releaseMain } from "./tasks/lib/commands/release.ts";

runMain(() => releaseMain(process.argv.slice(2)));
