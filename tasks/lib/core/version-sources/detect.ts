/**
 * The project's version sources, as its ecosystems define them: `decideVersionSources`
 * (pure) merges the Python, Tauri and bumpversion rules and asks when files disagree;
 * `detectVersionSources` gathers the facts (the file list, the texts, python3's reading)
 * for it. Adoption and the zero-config plan both use them, so they never disagree on
 * which files carry the version.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import type { VersionFileKind } from "../config/schema.ts";
import { rec } from "../records.ts";
import { read } from "../exec.ts";
import { bumpConfigs } from "./bumpversion.ts";
import { inferKind } from "./kind.ts";
import { placeholderOf, type Placeholder } from "./placeholder.ts";
import { plainVersion, pythonSources } from "./python.ts";
import { type PythonInput, readPython } from "./python-reader.ts";
import { literal, versionOf } from "./read.ts";
import { tauriSources } from "./tauri.ts";
import { toolListedFiles, toolLists } from "./tool-lists.ts";
import type { SourceFacts, VersionSourceFile, VersionSources } from "./types.ts";

const SKIP =
  /(^|\/)(tests?|testing|examples?|node_modules|\.venv|venv|build|dist|site-packages|_vendor|vendor|third_party)\//;
const MODULE = /(^|\/)(__version__|__about__|_version|version|__metadata__|__init__)\.py$/;

/** Python modules whose `__version__` may be the version (a bounded, ordered list). */
export function moduleCandidates(paths: readonly string[]): string[] {
  const depth = (p: string) => p.split("/").length;
  return paths
    .filter((p) => MODULE.test(p) && !SKIP.test(p) && depth(p) <= (p.endsWith("__init__.py") ? 3 : 4))
    .concat(paths.filter((p) => p === "docs/conf.py" || p === "docs/source/conf.py"))
    .slice(0, 80);
}

/** Files listed by a bumpversion configuration: kept in step when the toolkit can edit them. */
function bumpFiles(facts: SourceFacts, out: VersionSources): void {
  for (const cfg of bumpConfigs(facts)) {
    const tagOption = cfg.config.endsWith(".toml") ? "tag = true" : "tag = True";
    if (cfg.tag && !out.tagging) out.tagging = { tool: "bumpversion", where: `${cfg.config} ${tagOption}` };
    const add = (f: VersionSourceFile) => {
      if (!out.files.some((g) => g.path === f.path)) out.files.push(f);
    };
    if (cfg.config !== "pyproject.toml" && cfg.current)
      add({ path: cfg.config, kind: "bumpversion", version: cfg.current, why: `${cfg.config} current_version` });
    for (const e of cfg.entries) {
      const hand = (why: string) =>
        out.questions.push(`${e.path} (listed in ${cfg.config}) ${why}: keep it in step by hand, or drop it there`);
      if (e.glob) hand("is a glob the toolkit does not expand");
      else if (!facts.paths.includes(e.path))
        out.questions.push(`${e.path} is listed in ${cfg.config} but does not exist: drop it there`);
      else if (e.search) hand(`is matched with its own search pattern (${e.search})`);
      else {
        let kind: VersionFileKind;
        try {
          kind = inferKind(e.path);
        } catch {
          hand("holds a version the toolkit cannot edit yet");
          continue;
        }
        const version = versionOf(facts, e.path, kind);
        if (version === undefined) hand("has no version the toolkit can read");
        else add({ path: e.path, kind, version, why: `listed in ${cfg.config}` });
      }
    }
  }
}

/**
 * Files at a placeholder version (never tagged while releases were tagged above it) leave the
 * list, each version with a question: they do not follow the releases.
 */
function dropPlaceholders(facts: SourceFacts, out: VersionSources): Placeholder[] {
  const found: Placeholder[] = [];
  for (const version of new Set(out.files.map((f) => f.version))) {
    const p = placeholderOf(version, facts.tags ?? []);
    if (!p) continue;
    found.push(p);
    const paths = out.files.filter((f) => f.version === version).map((f) => f.path);
    out.files = out.files.filter((f) => f.version !== version);
    const them = paths.length > 1 ? "them" : "it";
    out.questions.push(
      `${paths.join(", ")} ${paths.length > 1 ? "say" : "says"} ${version}, a version no tag names, while ${p.above.length} releases were tagged above it (newest ${p.above[0]}): a placeholder never bumped, so the cut leaves ${them} alone. Should the cut bump ${them} to each release? Then list ${them} in versionFiles`,
    );
  }
  return found;
}

/** Files that carry the same version without being named by a rule (a package's `__version__`, Sphinx, VERSION). */
function companions(facts: SourceFacts, out: VersionSources): void {
  const primary = out.files[0]?.version;
  // A module that exists to hold the version is one even when it disagrees (a question, never a silent drop).
  const consider = (f: VersionSourceFile | undefined, always = false) => {
    if (!f || out.files.some((g) => g.path === f.path)) return;
    if (primary === undefined && placeholderOf(f.version, facts.tags ?? [])) return;
    if (primary === undefined || f.version === primary || always) out.files.push(f);
    else out.notes.push(`${f.path} says ${f.version} (not ${primary}): the cut leaves it alone`);
  };
  if (out.fromTag && !out.files.length) return;
  for (const p of moduleCandidates(facts.paths)) {
    const sphinx = p.endsWith("conf.py");
    const lit = sphinx
      ? (literal(facts, p, "release") ?? literal(facts, p, "version"))
      : literal(facts, p, "__version__");
    const own = /(^|\/)(__version__|__about__|_version)\.py$/.test(p);
    const why = own ? "holds the version" : "carries the same version";
    if (lit && primary !== undefined)
      consider({ path: p, kind: sphinx ? "sphinx" : "python", version: lit.value, why }, own);
  }
  for (const p of ["VERSION", "VERSION.txt"]) consider(plainVersion(facts, p, "a plain version file"));
}

/** Report order: the Python package, its modules and docs, the app, then the rest. */
function rank(f: VersionSourceFile): number {
  const order: VersionFileKind[] = [
    "pyproject",
    "setup-cfg",
    "setup-py",
    "python",
    "sphinx",
    "json",
    "cargo",
    "bumpversion",
    "plain",
    "variable",
  ];
  const r = order.indexOf(f.kind);
  return f.kind === "json" && f.path.endsWith("package.json") ? order.length : r;
}

export function decideVersionSources(facts: SourceFacts): VersionSources {
  const py = pythonSources(facts);
  const app = tauriSources(facts);
  const out: VersionSources = {
    files: [...py.files, ...app.files.filter((f) => !py.files.some((g) => g.path === f.path))],
    questions: [...py.questions, ...app.questions],
    notes: [...py.notes, ...app.notes],
    ...(py.fromTag ? { fromTag: py.fromTag } : {}),
    ...(py.pythonName ? { pythonName: py.pythonName } : {}),
  };
  bumpFiles(facts, out);
  toolListedFiles(facts, out);
  if (!out.files.length && !out.fromTag && !py.pythonName) {
    // Neither Python nor Tauri: a package.json at the root is the project's version.
    const version = rec(
      (() => {
        try {
          return JSON.parse(facts.text("package.json") ?? "null");
        } catch {
          return null;
        }
      })(),
    ).version;
    if (typeof version === "string")
      out.files.push({ path: "package.json", kind: "json", version, why: "package.json version" });
  }
  const placeholders = dropPlaceholders(facts, out);
  companions(facts, out);
  if (placeholders.length && !out.files.length && !out.fromTag) {
    const newest = placeholders[0]!.above[0];
    out.fromTag = {
      tool: "git tag",
      why: `the version files hold a placeholder (${placeholders.map((p) => p.version).join(", ")}) while the releases are tagged up to ${newest}`,
    };
  }
  out.files.sort((a, b) => rank(a) - rank(b));
  const versions = [...new Set(out.files.map((f) => f.version))];
  if (versions.length > 1)
    out.questions.push(
      `The version files disagree (${out.files.map((f) => `${f.path} ${f.version}`).join(", ")}): which version is current? Make them agree before the first cut`,
    );
  return out;
}

const MAX_TEXT = 1024 * 1024;

/** Read the facts from the work tree at `root` (paths: git's file list; tags: every tag) and decide. */
export async function detectVersionSources(
  root: string,
  paths: readonly string[],
  tags: readonly string[] = [],
): Promise<VersionSources> {
  const cache = new Map<string, string | undefined>();
  const text = (p: string) => {
    if (!cache.has(p)) {
      const file = join(root, p);
      cache.set(
        p,
        existsSync(file) && statSync(file).isFile() && statSync(file).size <= MAX_TEXT
          ? readFileSync(file, "utf8")
          : undefined,
      );
    }
    return cache.get(p);
  };
  const has = (p: string) => paths.includes(p);
  const input: PythonInput = { ini: {}, modules: {} };
  if (has("setup.py")) input.setupPy = text("setup.py");
  for (const p of [".bumpversion.cfg", "setup.cfg"]) if (has(p)) input.ini[p] = text(p) ?? "";
  for (const p of moduleCandidates(paths)) input.modules[p] = text(p) ?? "";
  let python = await readPython(input, root);
  const facts: SourceFacts = { paths, text, python, tags };
  // Modules named only by a bumpversion section, a release tool's list or a pyproject path are read in a second pass.
  const named = [
    ...bumpConfigs(facts).flatMap((c) => c.entries.map((e) => e.path)),
    ...toolLists(facts).flatMap((l) => (l.kind === "python" ? [l.path] : [])),
  ];
  const pyproject = has("pyproject.toml") ? pyprojectModules(text("pyproject.toml")) : [];
  const more = [...named, ...pyproject].filter((p) => p.endsWith(".py") && has(p) && !(p in input.modules));
  if (more.length && !("unavailable" in python)) {
    const extra = await readPython({ ini: {}, modules: Object.fromEntries(more.map((p) => [p, text(p) ?? ""])) }, root);
    if (!("unavailable" in extra)) python = { ...python, modules: { ...python.modules, ...extra.modules } };
  }
  return decideVersionSources({ paths, text, python, tags });
}

/** Module paths pyproject.toml names as its version source (hatch or pdm `path`). */
function pyprojectModules(text: string | undefined): string[] {
  try {
    const tool = rec(rec(parseToml(text ?? "")).tool);
    return [rec(rec(tool.hatch).version).path, rec(rec(tool.pdm).version).path].filter(
      (p): p is string => typeof p === "string",
    );
  } catch {
    return [];
  }
}

/** git's file list at `root` (tracked and untracked, ignored ones left out). */
export async function repositoryPaths(root: string): Promise<string[]> {
  const r = await read(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    nothrow: true,
  });
  return r.exitCode === 0 ? [...new Set(r.stdout.split("\0").filter(Boolean))].sort() : [];
}
