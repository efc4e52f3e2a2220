/** The committed text of the named workflow files (those that exist), by file name. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function workflowSources(root: string, files: readonly string[]): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const f of files) {
    const path = join(root, ".github", "workflows", f);
    if (existsSync(path)) sources[f] = readFileSync(path, "utf8");
  }
  return sources;
}
