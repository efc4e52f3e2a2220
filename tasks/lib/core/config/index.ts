/** Typed configuration: `export default defineConfig({ ... })` in release.config.ts. */
import type { ReleaseConfigInput } from "./schema.ts";

export type { ReleaseConfigInput } from "./schema.ts";
export { DOCS_EXCLUDE_DEFAULT } from "./schema.ts";
export type { ReleaseConfig } from "./load.ts";
export { loadConfig, parseRepoSlug, CONFIG_FILE } from "./load.ts";

/** Identity at run time; gives the config file its types (a plain default export works too). */
export function defineConfig(config: ReleaseConfigInput): ReleaseConfigInput {
  return config;
}
