/**
 * The repository's release automation as it is before adoption: every publisher and
 * release tool, found through the catalog (workflows/release-tools.ts), wherever it runs —
 * a hand-written workflow's step (and the repository scripts that step runs), a Makefile
 * rule or a release script a person runs, or only a tool's configuration file (the tool
 * runs elsewhere). Each is tied to the targets the toolkit also serves and to the release
 * lines whose tags start it. Plain data out; the shell parser is loaded on demand.
 */
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import type { Step, Workflow } from "../workflows/read.ts";
import { parseWorkflow } from "../workflows/read.ts";
import { isGenerated } from "../workflows/header.ts";
import { learnReleaseLines, linesStarting, listensToTags, type ReleaseLine } from "../workflows/release-lines.ts";
import { assetUploads, toolUses, versionBumps, type ToolUse } from "../workflows/release-tools.ts";
import { startedOnlyByRelease } from "../workflows/analysis.ts";
import { makefileRules, scriptsRun, scriptTargets, type MakeRule } from "./scripts.ts";
import { rec } from "../core/records.ts";

/** What the toolkit publishes: the Python package, the tag and GitHub release (with its assets), the app, the CLI binaries. */
export type Target = "pypi" | "release" | "desktop-app" | "cli-binaries";
export const TARGETS: readonly Target[] = ["pypi", "release", "desktop-app", "cli-binaries"];

export type Site =
  | { kind: "workflow"; path: string; job: string; step: number; stepName: string }
  | { kind: "makefile"; path: string; rule: string; line: number }
  | { kind: "script"; path: string; line: number }
  | { kind: "config"; path: string };

export interface FoundTool {
  /** the catalog's name: `twine`, `release-please`, `softprops/action-gh-release`, ... */
  tool: string;
  /** the toolkit's targets it publishes (none: TestPyPI, npm...) */
  targets: Target[];
  /** what it does, in one word: publishes a package, makes the release or tag, attaches files, bumps */
  role: "publishes" | "releases" | "uploads" | "bumps";
  /** the package index, for a package publisher */
  registry?: string;
  createsTag: boolean;
  why: string;
  where: Site;
  /** the prefixes of the release lines whose tags start its workflow; undefined when no tag does (it serves every line) */
  lines?: string[];
  /** its job (or a job it needs) builds platform wheels: cibuildwheel, maturin, a manylinux image */
  platformWheels?: boolean;
}

export interface Automation {
  tools: FoundTool[];
  /** the release lines of the repository (tags, tag filters, tool configs) */
  lines: ReleaseLine[];
}

/** Where a site is, as the report names it. */
export function siteLabel(s: Site): string {
  switch (s.kind) {
    case "workflow":
      return `${s.path} (job ${s.job}, step ${s.stepName})`;
    case "makefile":
      return `${s.path}:${s.line} (make ${s.rule})`;
    case "script":
      return `${s.path}:${s.line}`;
    case "config":
      return `${s.path} (configured; no workflow here runs it)`;
  }
}

/** The role and targets of one catalog use, given what its job builds. */
function classify(use: ToolUse, builds: { app: boolean; cli: boolean }): Pick<FoundTool, "role" | "targets"> {
  const targets: Target[] = [];
  if (use.registry === "pypi") targets.push("pypi");
  const releases = use.createsRelease || use.createsTag || Boolean(use.publishesDraft);
  if (releases) targets.push("release");
  const uploads = !use.registry && !releases;
  if (use.tool === "tauri-action" || (uploads || releases ? builds.app : false)) targets.push("desktop-app");
  else if ((uploads || releases) && builds.cli) targets.push("cli-binaries");
  if (uploads && !targets.length) targets.push("release");
  const role = use.registry ? "publishes" : releases ? "releases" : "uploads";
  return { role, targets: [...new Set(targets)] };
}

const runsTauri = (w: readonly string[]) => w.includes("tauri") && w.includes("build");
const runsPyinstaller = (w: readonly string[]) => w.some((x) => /^pyinstaller$/i.test(x)) || w.includes("PyInstaller");

interface JobFacts {
  app: boolean;
  cli: boolean;
  wheels: boolean;
}

const NOTHING_BUILT: JobFacts = { app: false, cli: false, wheels: false };

/** Platform wheels: built per interpreter and platform, which a pure `uv build` does not make. */
const PLATFORM_WHEELS = /cibuildwheel|maturin|auditwheel|delocate|manylinux/i;

/** The commands of each step (`job#index`), with those of the repository scripts it runs. */
type StepWords = Map<string, string[][]>;

/** What each job builds itself or gets from the jobs it needs (the app, PyInstaller binaries). */
function jobBuilds(w: Workflow, words: StepWords): Map<string, JobFacts> {
  const own = new Map<string, JobFacts>();
  for (const job of w.jobs) {
    const all = job.steps.flatMap((_, i) => words.get(`${job.id}#${i}`) ?? []);
    const tauri = job.steps.some((s) => /tauri-apps\/tauri-action/.test(s.uses ?? ""));
    // The job as written (its actions, matrix, env, commands) or the scripts it runs name the wheel builder.
    const wheels =
      PLATFORM_WHEELS.test(JSON.stringify(rec(rec(w.doc).jobs)[job.id] ?? {})) ||
      all.some((words) => words.some((x) => PLATFORM_WHEELS.test(x)));
    own.set(job.id, { app: tauri || all.some(runsTauri), cli: all.some(runsPyinstaller), wheels });
  }
  const resolve = (id: string, seen: Set<string>): JobFacts => {
    const f = { ...(own.get(id) ?? NOTHING_BUILT) };
    for (const n of needsOf(w, id))
      if (!seen.has(n)) {
        const g = resolve(n, new Set([...seen, n]));
        f.app ||= g.app;
        f.cli ||= g.cli;
        f.wheels ||= g.wheels;
      }
    return f;
  };
  return new Map(w.jobs.map((j) => [j.id, resolve(j.id, new Set([j.id]))]));
}

/** The jobs a job `needs`. */
export function needsOf(w: Workflow, id: string): string[] {
  const n = rec(rec(rec(w.doc).jobs)[id]).needs;
  return (Array.isArray(n) ? n : [n]).filter((x): x is string => typeof x === "string");
}

interface Texts {
  paths: readonly string[];
  files: Readonly<Record<string, string>>;
  tags: readonly string[];
}

/** Each step's commands, the scripts it runs included. */
async function stepWords(ws: readonly Workflow[], files: Texts["files"]): Promise<Map<Workflow, StepWords>> {
  const { readStepCommands } = await import("../workflows/step-commands.ts");
  const out = new Map<Workflow, StepWords>();
  for (const sc of await readStepCommands(ws)) {
    const words = sc.commands.map((c) => [...c.words]);
    // The repository scripts a step runs (`bash scripts/release.sh`, `make publish`) run in that step.
    words.push(...(await scriptsRun(words, files)));
    const m = out.get(sc.workflow) ?? new Map<string, string[][]>();
    m.set(`${sc.job.id}#${sc.index}`, words);
    out.set(sc.workflow, m);
  }
  return out;
}

/** Every catalog use in the workflows' steps, with the workflow it runs in. */
function workflowTools(ws: readonly Workflow[], words: Map<Workflow, StepWords>): { w: Workflow; tool: FoundTool }[] {
  const out: { w: Workflow; tool: FoundTool }[] = [];
  for (const w of ws) {
    const sw = words.get(w) ?? new Map<string, string[][]>();
    const builds = jobBuilds(w, sw);
    const started = startedOnlyByRelease(w);
    for (const job of w.jobs)
      for (const [index, step] of job.steps.entries()) {
        const commands = sw.get(`${job.id}#${index}`) ?? [];
        const ctx = { env: { ...w.env, ...job.env }, commands, startedOnlyByRelease: started };
        const where: Site = {
          kind: "workflow",
          path: w.path,
          job: job.id,
          step: index,
          stepName: stepName(step, index),
        };
        const uses = [...toolUses(step, ctx), ...assetUploads(step, ctx)];
        const hidden = uses.some((u) => u.registry) ? undefined : credentialUpload(step, job.env);
        const b = builds.get(job.id)!;
        for (const use of hidden ? [...uses, hidden] : uses) {
          const tool = found(use, classify(use, b), where);
          out.push({ w, tool: use.registry && b.wheels ? { ...tool, platformWheels: true } : tool });
        }
        for (const use of versionBumps(commands))
          out.push({ w, tool: found(use, { role: "bumps", targets: ["release"] }, where) });
      }
  }
  return out;
}

/** The publishing tools' own credential variables (their docs name them), and the tool each belongs to. */
const CREDENTIALS: [RegExp, string][] = [
  [/^TWINE_(PASSWORD|USERNAME|API_KEY|REPOSITORY_URL)/, "twine"],
  [/^UV_PUBLISH_(TOKEN|PASSWORD)/, "uv publish"],
  [/^POETRY_(PYPI_TOKEN|HTTP_BASIC)_/, "poetry publish"],
  [/^FLIT_(PASSWORD|USERNAME)/, "flit publish"],
  [/^HATCH_INDEX_(AUTH|USER)/, "hatch publish"],
  [/^PDM_PUBLISH_(PASSWORD|USERNAME)/, "pdm publish"],
];

/**
 * A `run:` step handed a publishing tool's credentials publishes with it, even when the
 * command is out of sight (a function of a script, a variable holding the tool's name).
 */
function credentialUpload(step: Step, jobEnv: Record<string, unknown>): ToolUse | undefined {
  if (!step.run) return undefined;
  const env = { ...jobEnv, ...step.env };
  for (const [re, tool] of CREDENTIALS) {
    const key = Object.keys(env).find((k) => re.test(k));
    if (!key) continue;
    const test = Object.values(env).some((v) => typeof v === "string" && /test\W?pypi/i.test(v));
    return {
      tool,
      why: `runs a script handed ${key}, ${tool}'s credentials`,
      createsRelease: false,
      createsTag: false,
      draft: false,
      token: "github-token",
      registry: test ? "testpypi" : "pypi",
    };
  }
  return undefined;
}

const stepName = (s: { name?: string; id?: string; uses?: string }, i: number) =>
  s.name ? `"${s.name}"` : s.uses ? s.uses : s.id ? s.id : `#${i + 1}`;

const found = (use: ToolUse, cls: Pick<FoundTool, "role" | "targets">, where: Site): FoundTool => ({
  tool: use.tool,
  ...cls,
  ...(use.registry ? { registry: use.registry } : {}),
  createsTag: use.createsTag,
  why: use.why,
  where,
});

/** Makefile rules and shell scripts that publish or release, which no workflow runs: a person runs them. */
async function handTools(texts: Texts, runByWorkflows: Set<string>): Promise<FoundTool[]> {
  const { shellCommands } = await import("../workflows/shell.ts");
  const out: FoundTool[] = [];
  const scan = async (script: string, where: (line: number) => Site) => {
    for (const c of await shellCommands(script)) {
      const ctx = { env: {}, commands: [c.words], startedOnlyByRelease: false };
      const step = { with: {}, env: {} };
      for (const use of toolUses(step, ctx)) out.push(found(use, classify(use, NOTHING_BUILT), where(c.line)));
      for (const use of versionBumps([c.words]))
        out.push(found(use, { role: "bumps", targets: ["release"] }, where(c.line)));
    }
  };
  for (const [path, text] of Object.entries(texts.files)) {
    if (posix.basename(path) === "Makefile")
      for (const rule of makefileRules(text))
        if (!runByWorkflows.has(`${path}#${rule.target}`)) await scanRule(rule, path, scan);
    if (/\.(sh|bash)$/.test(path) && !runByWorkflows.has(path))
      await scan(text, (line) => ({ kind: "script", path, line }));
  }
  return out;
}

async function scanRule(
  rule: MakeRule,
  path: string,
  scan: (script: string, where: (line: number) => Site) => Promise<void>,
): Promise<void> {
  for (const r of rule.recipe) await scan(r.text, () => ({ kind: "makefile", path, rule: rule.target, line: r.line }));
}

const SEMANTIC_RELEASE_FILES = /^(\.releaserc(\.(json|ya?ml|js|cjs|mjs))?|release\.config\.(js|cjs|mjs))$/;

/** Release tools known only by their configuration: they run somewhere this repository does not show. */
function configuredTools(texts: Texts, running: Set<string>): FoundTool[] {
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
  for (const [path, text] of Object.entries(texts.files)) {
    if (posix.basename(path) === "package.json" && !path.includes("/")) {
      try {
        if (rec(JSON.parse(text)).release !== undefined)
          add("semantic-release", path, "semantic-release is configured (package.json release)");
      } catch {
        /* not JSON: nothing configured */
      }
    }
    if (path === "pyproject.toml") {
      try {
        if (rec(rec(parseToml(text)).tool).semantic_release !== undefined)
          add("python-semantic-release", path, "python-semantic-release is configured ([tool.semantic_release])");
      } catch {
        /* not TOML */
      }
    }
  }
  return out;
}

/** Every publisher and release tool of the repository, with its release lines. */
export async function readAutomation(texts: Texts, toolPrefixes: (tools: string[]) => string[]): Promise<Automation> {
  const ws = Object.entries(texts.files)
    .filter(([p, t]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p) && !isGenerated(t))
    .map(([p, t]) => parseWorkflow(posix.basename(p), t))
    .filter((w) => !w.error);
  const words = await stepWords(ws, texts.files);
  const inWorkflows = workflowTools(ws, words);
  const cutting = [...new Set(inWorkflows.filter((x) => x.tool.createsTag).map((x) => x.tool.tool))];
  const lines = learnReleaseLines(texts.tags, ws, toolPrefixes(cutting));
  const tools = inWorkflows.map(({ w, tool }) =>
    listensToTags(w) ? { ...tool, lines: linesStarting(w, lines).map((l) => l.prefix) } : tool,
  );
  const runByWorkflows = new Set(
    [...words.values()].flatMap((sw) => [...sw.values()].flatMap((commands) => scriptTargets(commands))),
  );
  const byHand = await handTools(texts, runByWorkflows);
  const running = new Set([...tools, ...byHand].map((t) => t.tool));
  return { tools: [...tools, ...byHand, ...configuredTools(texts, running)], lines };
}
