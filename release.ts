/**
 * The release cut: `tsx release.ts [VERSION] [--bump LEVEL] [--preid ID] [--yes] [--dry-run] [--json]`.
 * Thin: everything lives in tasks/lib/release/.
 */
import { runMain } from "./tasks/lib/cli.ts";
import { releaseMain } from "./tasks/lib/release/main.ts";

runMain(() => releaseMain(process.argv.slice(2)));
