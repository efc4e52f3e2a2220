/**
 * Release lines: the tag patterns a repository releases on, each with the workflows a
 * push of its tag starts. A repository may have several — a desktop app on
 * `desktop-v1.4.0` beside the package's `v3.0.9`, a monorepo with `api-v1.2.0` and
 * `web-v0.3.1` — learned from its tags, from its workflows' tag filters and from its
 * release tool's configuration (release-please components, semantic-release's
 * `tagFormat`). Pure, except `toolTagPrefixes`, which reads those configuration files.
 *
 * Use:
 * - `learnReleaseLines(tags, workflows, toolPrefixes)`: every line, with its listeners.
 * - `lineOf(lines, tag)`: the line a tag belongs to.
 * - `linesStarting(workflow, lines)`: the lines whose tags start a workflow.
 * - `listensToTags(workflow)`: whether a workflow is started by some tag push at all
 *   (`tags: ['!*']` or `tags-ignore: ['**']` only keep tags out: not a release workflow).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startsOn, tagStarting } from "./triggers.ts";
import type { Workflow } from "./read.ts";

export interface ReleaseLine {
  /** what stands before the version: `v`, `desktop-v`, `py/pytauri/v`, `` (bare versions) */
  prefix: string;
  /** the line's existing tags, oldest first as given */
  tags: string[];
  /** a tag of the line to simulate with: its newest tag, else one made up from the prefix */
  example: string;
  /** where the line was learned */
  sources: ("tags" | "workflow" | "tool")[];
  /** workflows a push of the line's tag starts */
  listeners: string[];
}

const VERSION = /\d+\.\d+\.\d+(?:-[\w.]+)?$/;

/** The part of a tag before its version (`desktop-v1.4.0` → `desktop-v`), undefined for a non-version tag. */
export function tagPrefix(tag: string): string | undefined {
  if (!VERSION.test(tag)) return undefined;
  return /^(.*?)\d+\.\d+\.\d+/.exec(tag)![1]!;
}

/** A tag of a line, for simulation: `*` in a prefix (a package name) stands for `pkg`. */
export const exampleTag = (prefix: string, version = "1.2.3") => `${prefix.replace(/\*/g, "pkg")}${version}`;

/**
 * Whether a workflow names tags in its push filter and some tag's push starts it: a filter
 * that only keeps tags out (`tags: ['!*']`, `tags-ignore: ['**']` beside a branch) is not
 * a release workflow's, and neither is a plain `on: push` (every push, a CI workflow).
 */
export function listensToTags(w: Workflow): boolean {
  const f = w.triggers.events.push;
  if (!f || w.error || !(f.tags || f["tags-ignore"])) return false;
  return tagStarting(w.triggers) !== undefined;
}

const starts = (w: Workflow, tag: string) => !w.error && startsOn(w.triggers, { kind: "push-tag", tag });

/** The literal start of a filter pattern, before its first wildcard (`desktop-v*` → `desktop-v`). */
const literalPrefix = (pattern: string) => /^[^*?+[\\!]*/.exec(pattern)![0];

/**
 * Every release line: one per prefix among the version tags, one per tool prefix, and one
 * per workflow tag filter that names a line with no tag yet (`desktop-v*` → `desktop-v`).
 */
export function learnReleaseLines(
  tags: readonly string[],
  workflows: readonly Workflow[],
  toolPrefixes: readonly string[] = [],
): ReleaseLine[] {
  const lines = new Map<string, ReleaseLine>();
  const add = (prefix: string, source: ReleaseLine["sources"][number], tag?: string) => {
    const line = lines.get(prefix) ?? { prefix, tags: [], example: "", sources: [], listeners: [] };
    if (tag) line.tags.push(tag);
    if (!line.sources.includes(source)) line.sources.push(source);
    lines.set(prefix, line);
  };
  for (const t of tags) {
    const p = tagPrefix(t);
    if (p !== undefined) add(p, "tags", t);
  }
  for (const p of toolPrefixes) add(p, "tool");
  for (const w of workflows)
    if (listensToTags(w))
      for (const pattern of w.triggers.events.push!.tags ?? []) {
        const p = literalPrefix(pattern);
        // A filter that names a line of its own (`desktop-v*`), which no tag has yet.
        if (p && !p.startsWith("!") && starts(w, exampleTag(p)) && ![...lines.keys()].some((k) => k === p))
          if (![...lines.values()].some((l) => l.tags.some((t) => starts(w, t)))) add(p, "workflow");
      }
  return [...lines.values()].map((l) => {
    const example = l.tags.at(-1) ?? exampleTag(l.prefix);
    const probe = [example, ...l.tags];
    return {
      ...l,
      example,
      listeners: workflows.filter((w) => listensToTags(w) && probe.some((t) => starts(w, t))).map((w) => w.file),
    };
  });
}

/** The line a tag belongs to (its prefix; a `*` in a tool's prefix matches one name). */
export function lineOf(lines: readonly ReleaseLine[], tag: string): ReleaseLine | undefined {
  const p = tagPrefix(tag);
  if (p === undefined) return undefined;
  return (
    lines.find((l) => l.prefix === p) ??
    lines.find((l) => l.prefix.includes("*") && new RegExp(`^${l.prefix.split("*").map(esc).join("[^/]+")}$`).test(p))
  );
}
const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");

/** The lines whose tags (or example) start the workflow. */
export function linesStarting(w: Workflow, lines: readonly ReleaseLine[]): ReleaseLine[] {
  return lines.filter((l) => l.listeners.includes(w.file));
}

/** release-please's tag prefixes from its config: `<component>-v` per package, `v` without a component. */
export function releasePleasePrefixes(configText: string): string[] {
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(configText) as Record<string, unknown>;
  } catch {
    return [];
  }
  const packages = (cfg.packages ?? {}) as Record<string, Record<string, unknown>>;
  const out = new Set<string>();
  for (const [path, pkg] of Object.entries(packages)) {
    const get = (k: string) => pkg?.[k] ?? cfg[k];
    const v = get("include-v-in-tag") === false ? "" : "v";
    const sep = typeof get("tag-separator") === "string" ? (get("tag-separator") as string) : "-";
    const component = (pkg?.component ?? pkg?.["package-name"]) as string | undefined;
    const named = component ?? (path === "." ? undefined : path.split("/").at(-1));
    const withComponent = get("include-component-in-tag") !== false && named;
    out.add(withComponent ? `${named!.replace(/^@[^/]+\//, "")}${sep}${v}` : v);
  }
  return [...out];
}

/** semantic-release's prefix from a `tagFormat` (`${name}-v${version}` → `*-v`); `v` by default. */
export function semanticReleasePrefix(configText: string): string {
  const m = /["']?tagFormat["']?\s*[:=]\s*["'`]([^"'`]*\$\{version\}[^"'`]*)["'`]/.exec(configText);
  if (!m) return "v";
  return m[1]!.split("${version}")[0]!.replace(/\$\{[^}]+\}/g, "*");
}

const SEMANTIC_RELEASE_CONFIGS = [
  ".releaserc",
  ".releaserc.json",
  ".releaserc.yaml",
  ".releaserc.yml",
  ".releaserc.js",
  ".releaserc.cjs",
  ".releaserc.mjs",
  "release.config.js",
  "release.config.cjs",
  "release.config.mjs",
];

/** The tag prefixes the repository's release tools are configured to create (reads their config files). */
export function toolTagPrefixes(root: string, tools: readonly string[]): string[] {
  const read = (p: string) => {
    try {
      return readFileSync(join(root, p), "utf8");
    } catch {
      return undefined;
    }
  };
  const out = new Set<string>();
  if (tools.includes("release-please")) {
    const cfg = read("release-please-config.json");
    for (const p of cfg ? releasePleasePrefixes(cfg) : ["v"]) out.add(p);
  }
  if (tools.includes("semantic-release")) {
    const text = SEMANTIC_RELEASE_CONFIGS.map(read).find((t) => t !== undefined);
    const pkg = read("package.json");
    const fromPkg = pkg && /"release"\s*:/.test(pkg) ? pkg : undefined;
    out.add(semanticReleasePrefix(text ?? fromPkg ?? ""));
  }
  if (tools.includes("python-semantic-release")) {
    const py = read("pyproject.toml") ?? "";
    const m = /^\s*tag_format\s*=\s*["']([^"']*)["']/m.exec(py);
    out.add(m ? m[1]!.split("{version}")[0]!.replace(/\{[^}]+\}/g, "*") : "v");
  }
  return [...out];
}
