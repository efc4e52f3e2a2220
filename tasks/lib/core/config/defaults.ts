/**
 * The default config without the schema library: exactly what the schema yields for
 * `{ name }` (every section's defaults), generated into defaults.json. A repository
 * without release.config.ts gets it without loading zod; test/core/config/defaults.test.ts
 * holds it equal to the schema's output (`UPDATE=1` regenerates it after a schema change).
 */
import { readFileSync } from "node:fs";
import type { ParsedConfig } from "./schema.ts";

export const DEFAULTS_FILE = new URL("./defaults.json", import.meta.url);

export function defaultParsedConfig(name: string): ParsedConfig {
  const defaults = JSON.parse(readFileSync(DEFAULTS_FILE, "utf8")) as Omit<ParsedConfig, "name">;
  return { name, ...defaults } as ParsedConfig;
}
