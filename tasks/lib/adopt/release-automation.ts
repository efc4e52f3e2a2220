/**
 * The repository's release automation as it is before adoption: every publisher and
 * release tool, found through the catalog (workflows/release-tools.ts), wherever it runs —
 * a hand-written workflow's step (and the repository scripts and github-script files that
 * step runs), the commands a release tool's configuration runs where that tool runs, a
 * Makefile rule, script or release doc a person runs (by-hand.ts), or only a tool's
 * configuration file (the tool runs elsewhere). Each is tied to the targets the toolkit
 * also serves and to the release lines whose tags start it. Plain data out; the shell
 * parser is loaded on demand.
 */
import { posix } from "node:path";
import type { Step, Workflow } from "../workflows/read.ts";
import { parseWorkflow } from "../workflows/read.ts";
import { isGenerated } from "../workflows/header.ts";
import { learnReleaseLines, linesStarting, listensToTags, type ReleaseLine } from "../workflows/release-lines.ts";
import {
  assetUploads,
  tagsMadeAndPushed,
  toolUses,
  versionBumps,
  type Registry,
  type ToolUse,
} from "../workflows/release-tools.ts";
import { startedOnlyByRelease } from "../workflows/analysis.ts";
import { scriptsRun, scriptTargets } from "./scripts.ts";
import { rec } from "../core/records.ts";
import { classify, found, type Builds, type FoundTool, type Site } from "./found-tool.ts";
import { handTools } from "./by-hand.ts";
import { actionProducts, allToolConfigCommands, configuredTools, toolConfigCommands } from "./tool-configs.ts";

export { siteLabel, TARGETS, type FoundTool, type Site, type Target } from "./found-tool.ts";

export interface Automation {
  tools: FoundTool[];
  /** the release lines of the repository (tags, tag filters, tool configs) */
  lines: ReleaseLine[];
}

const runsTauri = (w: readonly string[]) => w.includes("tauri") && w.includes("build");
const runsPyinstaller = (w: readonly string[]) => w.some((x) => /^pyinstaller$/i.test(x)) || w.includes("PyInstaller");

interface JobFacts extends Builds {
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

/**
 * How many of a step's commands are its own, before those of the scripts it runs: a
 * script is read whole (every function, whichever the step calls), so what it does is
 * judged as the step's only where the whole of it runs alike (a publisher, a bump).
 */
const OWN_COMMANDS = new WeakMap<string[][], number>();
const ownCommands = (words: string[][]) => words.slice(0, OWN_COMMANDS.get(words) ?? words.length);

/** Each step's commands, the scripts it runs included. */
async function stepWords(ws: readonly Workflow[], files: Texts["files"]): Promise<Map<Workflow, StepWords>> {
  const { readStepCommands } = await import("../workflows/step-commands.ts");
  const out = new Map<Workflow, StepWords>();
  for (const sc of await readStepCommands(ws)) {
    const words = sc.commands.map((c) => [...c.words]);
    OWN_COMMANDS.set(words, words.length);
    // The repository scripts a step runs (`bash scripts/release.sh`, `make publish`) run in that step.
    words.push(...(await scriptsRun(words, files)));
    const m = out.get(sc.workflow) ?? new Map<string, string[][]>();
    m.set(`${sc.job.id}#${sc.index}`, words);
    out.set(sc.workflow, m);
  }
  return out;
}

/**
 * An actions/github-script step with the text of the repository's scripts it requires
 * (`require('./.github/scripts/release.js')`): what they call is what the step does.
 */
function withRequiredScripts(step: Step, files: Texts["files"]): Step {
  const script = step.with.script;
  if (typeof script !== "string" || !/^actions\/github-script@/i.test(step.uses ?? "")) return step;
  const required = [...script.matchAll(/require\(\s*[`'"](?:\$\{[^}]*\}\/|\.\/)?([\w./-]+\.[cm]?js)[`'"]\s*\)/g)]
    .map((m) => files[posix.normalize(m[1]!)])
    .filter((t): t is string => t !== undefined);
  return required.length ? { ...step, with: { ...step.with, script: [script, ...required].join("\n") } } : step;
}

/** Every catalog use in the workflows' steps, with the workflow it runs in. */
function workflowTools(
  ws: readonly Workflow[],
  words: Map<Workflow, StepWords>,
  files: Texts["files"],
): { w: Workflow; tool: FoundTool }[] {
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
        const read = withRequiredScripts(step, files);
        const uses = [...toolUses(read, ctx), ...assetUploads(read, ctx)];
        const hidden = uses.some((u) => u.registry) ? undefined : credentialUpload(step, job.env);
        const b = builds.get(job.id)!;
        for (const use of hidden ? [...uses, hidden] : uses) {
          const tool = found(use, classify(use, b), where);
          out.push({ w, tool: use.registry && b.wheels ? { ...tool, platformWheels: true } : tool });
        }
        // A tag made and pushed in the step itself is CI making the tag; a helper script's tagging function is a person's.
        for (const use of [...versionBumps(commands), ...tagsMadeAndPushed(ownCommands(commands))])
          out.push({ w, tool: found(use, { role: "bumps", targets: ["release"] }, where) });
      }
  }
  return out;
}

/** The publishing tools' own credential variables (their docs name them), the tool each belongs to and its registry. */
const CREDENTIALS: [RegExp, string, Registry][] = [
  [/^TWINE_(PASSWORD|USERNAME|API_KEY|REPOSITORY_URL)/, "twine", "pypi"],
  [/^UV_PUBLISH_(TOKEN|PASSWORD)/, "uv publish", "pypi"],
  [/^POETRY_(PYPI_TOKEN|HTTP_BASIC)_/, "poetry publish", "pypi"],
  [/^FLIT_(PASSWORD|USERNAME)/, "flit publish", "pypi"],
  [/^HATCH_INDEX_(AUTH|USER)/, "hatch publish", "pypi"],
  [/^PDM_PUBLISH_(PASSWORD|USERNAME)/, "pdm publish", "pypi"],
  [/^CARGO_REGISTRY_TOKEN$|^CARGO_REGISTRIES_\w+_TOKEN$/, "cargo publish", "crates"],
  [/^COCOAPODS_TRUNK_TOKEN$/, "pod trunk push", "cocoapods"],
];

/**
 * A `run:` step handed a publishing tool's credentials publishes with it, even when the
 * command is out of sight (a function of a script, a program in another language).
 */
function credentialUpload(step: Step, jobEnv: Record<string, unknown>): ToolUse | undefined {
  if (!step.run) return undefined;
  const env = { ...jobEnv, ...step.env };
  for (const [re, tool, registry] of CREDENTIALS) {
    const key = Object.keys(env).find((k) => re.test(k));
    if (!key) continue;
    const test = registry === "pypi" && Object.values(env).some((v) => typeof v === "string" && /test\W?pypi/i.test(v));
    return {
      tool,
      why: `runs a script handed ${key}, ${tool}'s credentials`,
      createsRelease: false,
      createsTag: false,
      draft: false,
      token: "github-token",
      registry: test ? "testpypi" : registry,
    };
  }
  return undefined;
}

const stepName = (s: { name?: string; id?: string; uses?: string }, i: number) =>
  s.name ? `"${s.name}"` : s.uses ? s.uses : s.id ? s.id : `#${i + 1}`;

/**
 * The package publishers a release tool's configuration runs (covector's `cargo publish`,
 * semantic-release's exec `publishCmd`), where the tool runs; and the scripts those
 * commands run, which belong to the tool (they are not scanned as a person's).
 */
async function configuredPublishers(
  tools: readonly FoundTool[],
  files: Texts["files"],
): Promise<{ publishers: FoundTool[]; scripts: string[] }> {
  const { shellCommands } = await import("../workflows/shell.ts");
  const commandsOf = async (texts: readonly string[]) =>
    (await Promise.all(texts.map(shellCommands))).flat().map((c) => [...c.words]);
  const publishers: FoundTool[] = [];
  for (const t of tools) {
    const cfg = toolConfigCommands(t.tool, files);
    if (!cfg || t.where.kind === "config") continue;
    const commands = await commandsOf(cfg.commands);
    commands.push(...(await scriptsRun(commands, files)));
    const ctx = { env: {}, commands, startedOnlyByRelease: false };
    for (const use of toolUses({ with: {}, env: {} }, ctx).filter((u) => u.registry))
      publishers.push({
        ...found(use, classify(use, { app: false, cli: false }), t.where),
        why: `${t.tool}'s configuration (${cfg.path}) ${use.why}`,
        ...(t.lines ? { lines: t.lines } : {}),
      });
  }
  const scripts = scriptTargets(await commandsOf(allToolConfigCommands(files)), files);
  return { publishers, scripts };
}

/** Every publisher and release tool of the repository, with its release lines. */
export async function readAutomation(texts: Texts, toolPrefixes: (tools: string[]) => string[]): Promise<Automation> {
  const ws = Object.entries(texts.files)
    .filter(([p, t]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p) && !isGenerated(t))
    .map(([p, t]) => parseWorkflow(posix.basename(p), t))
    .filter((w) => !w.error);
  const words = await stepWords(ws, texts.files);
  const inWorkflows = workflowTools(ws, words, texts.files);
  const cutting = [...new Set(inWorkflows.filter((x) => x.tool.createsTag).map((x) => x.tool.tool))];
  const lines = learnReleaseLines(texts.tags, ws, toolPrefixes(cutting));
  const tools = inWorkflows.map(({ w, tool }) =>
    listensToTags(w) ? { ...tool, lines: linesStarting(w, lines).map((l) => l.prefix) } : tool,
  );
  const configured = await configuredPublishers(tools, texts.files);
  // What a workflow, a release tool's configuration or an action's metadata runs is not a person's.
  const runElsewhere = new Set([
    ...[...words.values()].flatMap((sw) =>
      [...sw.values()].flatMap((commands) => scriptTargets(commands, texts.files)),
    ),
    ...configured.scripts,
    ...actionProducts(texts.paths, texts.files),
  ]);
  const byHand = await handTools(texts, (target) => runElsewhere.has(target));
  const viaHand = (await configuredPublishers(byHand, texts.files)).publishers;
  const all = [...tools, ...configured.publishers, ...byHand, ...viaHand];
  const running = new Set(all.map((t) => t.tool));
  return { tools: [...all, ...configuredTools(texts, running)], lines };
}
