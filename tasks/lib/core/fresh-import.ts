/**
 * Importing a file that may have changed since this process last imported it: a
 * release.config.ts that adoption rewrites and then loads, or one a test edits between
 * two runs of a flow in the same process. A query string alone is not enough: a `.ts`
 * file outside a `"type": "module"` package loads as CommonJS, which Node keeps by file
 * name, so the CommonJS entry is dropped and the URL is keyed by the file's content.
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
