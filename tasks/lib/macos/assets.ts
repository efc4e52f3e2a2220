/**
 * The finalizer's publishing interface: uploads to the existing release, downloads of
 * its current assets, and the updater rollback. (Implementations live in
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
export { MANIFEST, rollbackUpdater, rollbackUpdaterTo, type RollbackResult } from "./rollback.ts";
