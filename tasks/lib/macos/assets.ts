/**
 * The finalizer's publishing interface: uploads to the release's draft, downloads of
 * its current assets, and the updater rollback (which marks an earlier release latest). (Implementations live in
 * release-assets.ts and rollback.ts; this is the one import the runner needs.)
 */
export {
  contentTypeFor,
  downloadReleaseAsset,
  releaseForUpload,
  uploadNamedAssets,
  uploadOrder,
  uploadReleaseAssets,
  type NamedBytes,
  type UploadedAsset,
} from "./release-assets.ts";
export { MANIFEST, rollbackAdvice, rollbackUpdater, rollbackUpdaterTo, type RollbackResult } from "./rollback.ts";
