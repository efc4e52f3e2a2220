/**
 * What release tools' configuration files say, for the reader of the old release flow:
 * the tools configured at all (they may run somewhere this repository does not show),
 * the shell commands a tool's configuration runs when the tool runs (semantic-release's
 * exec plugin, release-it's hooks, covector's publish commands: those commands, and the
 * scripts they run, are that tool's), and the files a GitHub Action repository's own
 * `action.yml` runs (its product, not a release script). Pure.
 */
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { parseJsonObject, rec, type Rec } from "../core/records.ts";
import { yaml } from "../workflows/yaml.ts";
import type { FoundTool } from "./found-tool.ts";

type Files = Readonly<Record<string, string>>;

const SEMANTIC_RELEASE_FILES = /^(\.releaserc(\.(json|ya?ml|js|cjs|mjs))?|release\.config\.(js|cjs|mjs))$/;

/** Release tools known only by their configuration: they run somewhere this repository does not show. */
export function configuredTools(texts: { paths: readonly string[]; files: Files }, running: Set<string>): FoundTool[] {
  const out: FoundTool[] = [];
  const add = (tool: string, path: string, why: string) => {
    if (running.has(tool) || out.some((t) => t.tool === tool)) return;
    out.push({ tool, targets: ["release"], role: "releases", createsTag: true, why, where: { kind: "config", path } });
  };
  for (const p of texts.paths) {
    if (p === "release-please-config.json" || p === ".release-please-manifest.json")
      add("release-please", p, "release-please is configured");
    if (SEMANTIC_RELEASE_FILES.test(p)) add("semantic-release", p, "semantic-release is configured");
    if (p === ".changeset/config.json") add("changesets", p, "changesets is configured");
    if (/^\.github\/release-drafter\.ya?ml$/.test(p)) add("release-drafter", p, "release-drafter is configured");
  }
  const pkg = texts.files["package.json"];
  if (pkg !== undefined && parseJsonObject(pkg)?.release !== undefined)
    add("semantic-release", "package.json", "semantic-release is configured (package.json release)");
  const pyproject = texts.files["pyproject.toml"];
  if (pyproject !== undefined && rec(rec(tomlOf(pyproject)).tool).semantic_release !== undefined)
    add("python-semantic-release", "pyproject.toml", "python-semantic-release is configured ([tool.semantic_release])");
  return out;
}

function tomlOf(text: string): unknown {
  try {
    return parseToml(text);
  } catch {
    return undefined; // not TOML: nothing configured
  }
}

function yamlOf(text: string): Rec | undefined {
  try {
    return rec(yaml().parse(text));
  } catch {
    return undefined;
  }
}

/** A command string as its tool writes it, its template placeholders (`${nextRelease.version}`) made plain words. */
const plain = (command: string) => command.replace(/\$\{\s*[^}]*\}/g, "VALUE").replace(/<%=?[^%]*%>/g, "VALUE");

/** Strings (one or a list) under a key. */
const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** semantic-release's `@semantic-release/exec` commands (`prepareCmd`, `publishCmd`...). */
function semanticReleaseCommands(files: Files): { path: string; commands: string[] } | undefined {
  const sources: [string, Rec | undefined][] = [
    ["package.json", rec(parseJsonObject(files["package.json"])?.release)],
    [".releaserc", files[".releaserc"] !== undefined ? yamlOf(files[".releaserc"]) : undefined],
    [".releaserc.json", parseJsonObject(files[".releaserc.json"])],
    [".releaserc.yaml", files[".releaserc.yaml"] !== undefined ? yamlOf(files[".releaserc.yaml"]) : undefined],
    [".releaserc.yml", files[".releaserc.yml"] !== undefined ? yamlOf(files[".releaserc.yml"]) : undefined],
  ];
  for (const [path, cfg] of sources) {
    const plugins = Array.isArray(cfg?.plugins) ? cfg.plugins : [];
    const commands = plugins
      .filter((p): p is unknown[] => Array.isArray(p) && p[0] === "@semantic-release/exec")
      .flatMap((p) => Object.entries(rec(p[1])).filter(([k]) => k.endsWith("Cmd")))
      .flatMap(([, v]) => strings(v));
    if (commands.length) return { path, commands };
  }
  return undefined;
}

/** release-it's hooks (`after:bump`, `before:release`...), from `.release-it.json` or package.json. */
function releaseItCommands(files: Files): { path: string; commands: string[] } | undefined {
  for (const [path, cfg] of [
    [".release-it.json", parseJsonObject(files[".release-it.json"])],
    ["package.json", rec(parseJsonObject(files["package.json"])?.["release-it"])],
  ] as const) {
    const commands = Object.values(rec(cfg?.hooks)).flatMap(strings);
    if (commands.length) return { path, commands };
  }
  return undefined;
}

/** covector's commands for each package and package manager (`publish`, `postversion`...). */
function covectorCommands(files: Files): { path: string; commands: string[] } | undefined {
  const path = ".changes/config.json";
  const cfg = parseJsonObject(files[path]);
  if (!cfg) return undefined;
  const entries = [...Object.values(rec(cfg.packages)), ...Object.values(rec(cfg.pkgManagers))].map(rec);
  const commands = entries.flatMap((e) =>
    Object.entries(e)
      .filter(([k]) => /^(pre|post)?(publish|version)$/.test(k))
      .flatMap(([, v]) =>
        (Array.isArray(v) ? v : [v]).flatMap((c) => strings(typeof c === "object" ? rec(c).command : c)),
      ),
  );
  return commands.length ? { path, commands } : undefined;
}

const CONFIG_COMMANDS: Record<string, (files: Files) => { path: string; commands: string[] } | undefined> = {
  "semantic-release": semanticReleaseCommands,
  "release-it": releaseItCommands,
  covector: covectorCommands,
};

/** The shell commands a release tool's configuration runs when the tool runs, and where they are written. */
export function toolConfigCommands(tool: string, files: Files): { path: string; commands: string[] } | undefined {
  const found = CONFIG_COMMANDS[tool]?.(files);
  return found && { path: found.path, commands: found.commands.map(plain) };
}

/** Every configured command of every release tool the repository configures (their scripts are the tool's). */
export const allToolConfigCommands = (files: Files): string[] =>
  Object.keys(CONFIG_COMMANDS).flatMap((tool) => toolConfigCommands(tool, files)?.commands ?? []);

/** The strings of an `action.yml`'s `runs` that name what it executes, and its Dockerfile's text. */
function actionRuns(path: string, text: string, files: Files): string[] {
  const runs = rec(yamlOf(text)?.runs);
  const out = ["main", "pre", "post", "entrypoint", "pre-entrypoint", "post-entrypoint"].flatMap((k) =>
    strings(runs[k]),
  );
  out.push(...strings(runs.args));
  for (const s of Array.isArray(runs.steps) ? runs.steps : []) out.push(...strings(rec(s).run));
  const image = typeof runs.image === "string" && !runs.image.startsWith("docker://") ? runs.image : undefined;
  const dockerfile = image && files[posix.join(posix.dirname(path), image)];
  if (dockerfile) out.push(dockerfile);
  return out;
}

/**
 * The files a GitHub Action repository's own actions execute (`runs.main`, a composite
 * step's script, the Dockerfile's entrypoint): the product, not a release script. Actions
 * under `.github/` are the repository's own CI helpers, not its product.
 */
export function actionProducts(paths: readonly string[], files: Files): Set<string> {
  const out = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (!/(^|\/)action\.ya?ml$/.test(path) || path.startsWith(".github/")) continue;
    const dir = posix.dirname(path);
    const named = actionRuns(path, text, files).join("\n");
    for (const p of paths) {
      const rel = dir === "." ? p : p.startsWith(`${dir}/`) ? p.slice(dir.length + 1) : undefined;
      if (
        rel &&
        new RegExp(`(^|[\\s/"'=])${rel.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[\\s"'\\]])`, "m").test(named)
      )
        out.add(p);
    }
  }
  return out;
}

/**
 * The commands a project names as its own (`[project.scripts]`, Poetry's scripts, the
 * package's `bin`, the project's name): in its docs they document the product, not how
 * its maintainers publish it (a packaging tool's docs show its own `publish` to its users).
 */
export function productCommands(files: Files): Set<string> {
  const out = new Set<string>();
  const py = rec(tomlOf(files["pyproject.toml"] ?? ""));
  const project = rec(py.project);
  const poetry = rec(rec(py.tool).poetry);
  for (const name of [project.name, poetry.name]) if (typeof name === "string") out.add(name.toLowerCase());
  for (const scripts of [project.scripts, poetry.scripts]) for (const k of Object.keys(rec(scripts))) out.add(k);
  const pkg = parseJsonObject(files["package.json"]);
  if (typeof pkg?.name === "string") out.add(pkg.name.split("/").at(-1)!);
  if (typeof pkg?.bin === "string" && typeof pkg.name === "string") out.add(pkg.name.split("/").at(-1)!);
  for (const k of Object.keys(rec(pkg?.bin))) out.add(k);
  return out;
}
