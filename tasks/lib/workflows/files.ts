/**
 * The edges: read the repository's workflow files into plain data, and apply a
 * rendered set (write what differs, remove stale generated files).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Drift } from "./drift.ts";
import { WORKFLOWS_DIR } from "./header.ts";

/** Every `.yml`/`.yaml` file in `.github/workflows` (repository-relative path → text). */
export function readWorkflowFiles(root: string): Map<string, string> {
  const dir = join(root, WORKFLOWS_DIR);
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    files.set(`${WORKFLOWS_DIR}/${name}`, readFileSync(join(dir, name), "utf8"));
  }
  return files;
}

/** Write the missing and different files, remove the stale ones; returns the paths touched. */
export function applyWorkflows(root: string, desired: ReadonlyMap<string, string>, drift: Drift): string[] {
  const touched: string[] = [];
  for (const path of [...drift.missing, ...drift.differs]) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, desired.get(path)!);
    touched.push(path);
  }
  for (const path of drift.stale) {
    rmSync(join(root, path));
    touched.push(path);
  }
  return touched;
}
