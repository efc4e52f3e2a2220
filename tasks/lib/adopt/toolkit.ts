/**
 * The toolkit's own files, as adoption installs them: the entries, `tasks/`,
 * `templates/`, and the package manifest with its lockfile (so CI runs `npm ci` and
 * gets the same dependencies). The reader walks the running toolkit; the rest is pure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** What is copied, relative to the toolkit's root. */
export const TOOLKIT_PARTS = [
  "release.ts",
  "tasks",
  "templates",
  "bin",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

export interface Toolkit {
  /** the package name in its package.json: how an installed copy is recognised */
  name: string;
  /** relative path → text */
  files: Map<string, string>;
}

export function readToolkit(root: string): Toolkit {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = join(root, rel);
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      files.set(rel, readFileSync(abs, "utf8"));
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === "node_modules") continue;
      if (e.isDirectory()) walk(`${rel}/${e.name}`);
      else if (e.isFile()) files.set(`${rel}/${e.name}`, readFileSync(join(abs, e.name), "utf8"));
    }
  };
  for (const part of TOOLKIT_PARTS) walk(part);
  const name = (JSON.parse(files.get("package.json") ?? "{}") as { name?: string }).name ?? "release-contract";
  return { name, files };
}

/** Repository path → text of every toolkit file at `toolkitDir`. */
export function toolkitTargets(toolkit: Toolkit, toolkitDir: string): Map<string, string> {
  return new Map([...toolkit.files].map(([rel, text]) => [posix.join(toolkitDir, rel), text]));
}

/** Whether `package.json` at `toolkitDir` is an installed copy of this toolkit (then its files are ours). */
export function isInstalledToolkit(packageJson: string | undefined, toolkit: Toolkit): boolean {
  if (packageJson === undefined) return false;
  try {
    return (JSON.parse(packageJson) as { name?: string }).name === toolkit.name;
  } catch {
    return false;
  }
}

/** The `.gitignore` line that keeps the toolkit's node_modules out of git, or undefined when one already does. */
export function gitignoreLine(gitignore: string | undefined, toolkitDir: string): string | undefined {
  const lines = (gitignore ?? "").split(/\r?\n/).map((l) => l.trim());
  const anywhere = ["node_modules", "node_modules/", "**/node_modules", "**/node_modules/"];
  if (lines.some((l) => anywhere.includes(l))) return undefined;
  const own = toolkitDir === "." ? "/node_modules/" : `/${toolkitDir}/node_modules/`;
  const variants = [own, own.slice(0, -1), own.slice(1), own.slice(1, -1)];
  return lines.some((l) => variants.includes(l)) ? undefined : own;
}
