/**
 * Entry: upload a folder's files to the release's draft and record their checksums.
 * The build workflows run it in their one job with `contents: write`; a release that
 * is already published is refused with the reason, never with GitHub's bare 422.
 * Thin: the flow is tasks/lib/commands/upload-assets.ts, imported after the flags are parsed.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { UPLOAD_ASSETS } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(UPLOAD_ASSETS, argv);
  const { uploadAssetsMain } = await import("./lib/commands/upload-assets.ts");
  return uploadAssetsMain(argv);
});
