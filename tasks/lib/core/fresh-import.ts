/**
 * Importing a file that may have changed since this process last imported it: a
 * release.config.ts that adoption rewrites and then loads, or one a test edits between
 * two runs of a flow in the same process. A module is evaluated once per URL, so the URL
 * is keyed by the file's content (the same text is the same module); the CommonJS entry
 * is dropped too, for a runtime that loads a `.ts` file outside a `"type": "module"`
 * package as CommonJS and keeps it by file name whatever the query string.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const commonJsCache = createRequire(import.meta.url).cache;

export async function importFresh(file: string): Promise<{ default?: unknown }> {
  delete commonJsCache[file];
  const version = createHash("sha1").update(readFileSync(file)).digest("hex").slice(0, 16);
  return import(`${pathToFileURL(file).href}?v=${version}`);
}
