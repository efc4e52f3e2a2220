/**
 * Entry: assemble `latest.json` from every platform's signed updater artifact already
 * on the release (macOS `.app.tar.gz`, Linux AppImage/deb/rpm, Windows msi/setup.exe,
 * each with its `.sig`), validate it, and upload it once. The build workflow runs it
 * in one job after every build leg, so no leg overwrites another's entry.
 * Thin: the flow is tasks/lib/commands/updater-manifest.ts, imported after the flags are
 * parsed so `--help` loads no config reader and no library.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { UPDATER_MANIFEST } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(UPDATER_MANIFEST, argv);
  const { updaterManifestMain } = await import("./lib/commands/updater-manifest.ts");
  return updaterManifestMain(argv);
});
