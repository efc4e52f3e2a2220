/**
 * Entry: finalize the macOS app. `--plan` prints every step (any OS), `--repair-only`
 * repairs the bundle layout (any OS), otherwise: preconditions, repairs, signing,
 * verification, notarization, updater archive and signature, DMG, latest.json
 * (unless --skip-manifest: tasks/updater-manifest.ts assembles it later), upload. `rollback-updater VERSION` puts an earlier latest.json back.
 * Thin: the flow is tasks/lib/commands/finalize-macos.ts, imported after the flags are
 * parsed so `--help` loads no domain code and no library.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { FINALIZE_MACOS } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(FINALIZE_MACOS, argv);
  const { finalizeMacosMain } = await import("./lib/commands/finalize-macos.ts");
  return finalizeMacosMain(argv);
});
