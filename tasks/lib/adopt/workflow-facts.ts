/**
 * What the repository's hand-written workflows say about its release: the platform
 * matrix of the app and CLI builds, the secret behind each signing variable, the
 * PyPI environment, pinned tool versions, the PyInstaller step's spec and
 * environment. Pure: it reads workflow texts, never the file system.
 */
import { yaml } from "../workflows/yaml.ts";
import { SIGNING_ENV, type SigningEnv } from "../core/config/workflows-schema.ts";
import { announcedDay, labelStatus, runnerLabel, successorLabel } from "../core/platform/runners.ts";
import { matrixRows } from "../workflows/runner-labels.ts";
import { publishPython, type LocalActions, type PublishJob } from "./python-job.ts";
import { rec, type Rec } from "../core/records.ts";
import { startsReleases } from "../core/tauri-builds.ts";

/** One leg of a build matrix: the runner label and what it builds (a platform fact is a dated one; this is not). */
export interface BuildPlatform {
  runner: string;
  target: string;
  os: "macos" | "linux" | "windows";
  arch: string;
}

/** A label a hand-written workflow names that GitHub retired or is retiring, and the one adoption writes instead. */
export interface RunnerChange {
  from: string;
  to: string;
  /** "retired on 2026-11-02" / "deprecated since 2026-07-06, retired on 2026-11-02" */
  why: string;
  /** the announcement, with the day it was checked */
  source: string;
  /** the workflow and job that named it */
  where: string;
}

export interface Sourced<T> {
  value: T;
  /** where it was read, e.g. ".github/workflows/build-tauri.yml (job build, matrix)" */
  source: string;
}

export interface WorkflowFacts {
  tauriPlatforms?: Sourced<BuildPlatform[]>;
  cliPlatforms?: Sourced<BuildPlatform[]>;
  /** retired or deprecated labels of the release builds, replaced by supported ones */
  runnerChanges: RunnerChange[];
  /** env name → the secret a hand-written workflow gives it, when the names differ */
  signingSecrets: Partial<Record<SigningEnv, Sourced<string>>>;
  /** the environment of the job that publishes to PyPI (never TestPyPI's) */
  pypiEnvironment?: Sourced<string>;
  /** the Python the publishing job (or the job it needs) sets up, expressions resolved */
  pythonVersion?: Sourced<string>;
  /** why the Python version could not be resolved (an expression with several values, ...) */
  pythonVersionQuestion?: string;
  nodeVersion?: Sourced<string>;
  uvVersion?: Sourced<string>;
  pyinstallerVersion?: Sourced<string>;
  /** spec files a PyInstaller step builds, with the step's env and whether it is the app's build */
  pyinstallerSteps: { spec: string; env: Record<string, string>; app: boolean; source: string }[];
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

const ARCH_TRIPLES: Record<BuildPlatform["os"], Record<"arm64" | "x64", string>> = {
  macos: { arm64: "aarch64-apple-darwin", x64: "x86_64-apple-darwin" },
  linux: { arm64: "aarch64-unknown-linux-gnu", x64: "x86_64-unknown-linux-gnu" },
  windows: { arm64: "aarch64-pc-windows-msvc", x64: "x86_64-pc-windows-msvc" },
};

/** The Rust target a runner label builds natively: the image's OS and architecture, or the label's words for a custom one. */
function defaultTarget(runner: string): string | undefined {
  const known = runnerLabel(runner)?.image.value;
  if (known) return ARCH_TRIPLES[known.os][known.arch];
  const os = (["macos", "ubuntu", "windows"] as const).find((o) => runner.startsWith(o));
  if (!os) return undefined;
  const arch = /arm|aarch64/.test(runner) ? "arm64" : os === "macos" && !/intel|x64|x86/.test(runner) ? "arm64" : "x64";
  return ARCH_TRIPLES[os === "ubuntu" ? "linux" : os][arch];
}

function osOf(target: string): BuildPlatform["os"] | undefined {
  if (target.includes("apple-darwin")) return "macos";
  if (target.includes("linux")) return "linux";
  if (target.includes("windows")) return "windows";
  return undefined;
}

/** A Rust target triple (`aarch64-apple-darwin`), never a matrix's own label (`macos-arm`, `macOS-arm64`). */
const TRIPLE = /^(aarch64|x86_64|i686|armv7|universal)-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$/;

/** The row's target: a triple under any key, else `--target X` in any value, else what the runner builds. */
function targetOf(row: Rec, runner: string): string | undefined {
  const values = Object.values(row).filter((v): v is string => typeof v === "string");
  const triple = values.find((v) => TRIPLE.test(v) && osOf(v));
  const flag = values.map((v) => /--target\s+(\S+)/.exec(v)?.[1]).find((v) => v && TRIPLE.test(v));
  return triple ?? flag ?? defaultTarget(runner);
}

/** The matrix combinations of a job, as platforms (runner from `runs-on: ${{ matrix.X }}`, nested keys too). */
function platformsOf(job: Rec): BuildPlatform[] | undefined {
  const runsOn = str(job["runs-on"]) ?? "";
  const path = /^\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}$/.exec(runsOn.trim())?.[1]?.split(".");
  if (!path) return undefined;
  const out: BuildPlatform[] = [];
  for (const row of matrixRows(rec(job.strategy).matrix)) {
    const runner = str(path.reduce<unknown>((v, k) => rec(v)[k], row));
    if (!runner || runner.includes("${{")) continue;
    const target = targetOf(row, runner);
    const os = target ? osOf(target) : undefined;
    if (!target || !os) continue;
    out.push({ runner, target, os, arch: target.split("-")[0]! });
  }
  return out.length ? out : undefined;
}

/** Retired and deprecated labels replaced by supported ones of the same OS and architecture, each change said. */
function supported(
  platforms: BuildPlatform[],
  where: string,
  now: Date,
): { platforms: BuildPlatform[]; changes: RunnerChange[] } {
  const changes: RunnerChange[] = [];
  const mapped = platforms.map((p) => {
    const status = labelStatus(p.runner, now);
    const to = successorLabel(p.runner);
    if ((status.kind !== "retired" && status.kind !== "deprecated") || !to || to === p.runner) return p;
    const img = runnerLabel(p.runner)!.image;
    const why =
      status.kind === "retired"
        ? `retired on ${announcedDay(img.value, status.on)}`
        : `deprecated since ${status.since}, retired on ${announcedDay(img.value, status.retires)}`;
    if (!changes.some((c) => c.from === p.runner))
      changes.push({ from: p.runner, to, why, source: `${img.source}, checked ${img.checked}`, where });
    return { ...p, runner: to };
  });
  return { platforms: mapped, changes };
}

const steps = (job: Rec): Rec[] => (Array.isArray(job.steps) ? job.steps.map(rec) : []);
const runsTauri = (s: Rec) =>
  /tauri-apps\/tauri-action/.test(str(s.uses) ?? "") || /\btauri\b[^\n]*\bbuild\b/.test(str(s.run) ?? "");
const runsPyinstaller = (s: Rec) => /pyinstaller/i.test(str(s.run) ?? "");

function firstMatch(texts: { file: string; text: string }[], re: RegExp): Sourced<string> | undefined {
  for (const { file, text } of texts) {
    const m = re.exec(text);
    if (m?.[1]) return { value: m[1], source: file };
  }
  return undefined;
}

/** A job of a workflow: `.github/workflows/release.yml` and `publish`. */
export interface JobRef {
  path: string;
  job: string;
}

/**
 * Read the facts; `workflows` are the hand-written ones (generated files say nothing
 * new), `pypiJobs` the jobs the release-tools catalog found publishing to PyPI (not
 * TestPyPI), in the order it found them; `actions` the repository's own local actions.
 */
export function workflowFacts(
  workflows: { path: string; text: string }[],
  now: Date = new Date(),
  pypiJobs: readonly JobRef[] = [],
  actions: LocalActions = () => undefined,
): WorkflowFacts {
  const facts: WorkflowFacts = { signingSecrets: {}, pyinstallerSteps: [], runnerChanges: [] };
  const docs: { doc: Rec; path: string }[] = [];
  let publishJob: PublishJob | undefined;
  for (const w of workflows) {
    const doc = parseWorkflowDoc(w.text);
    if (!doc) continue;
    docs.push({ doc, path: w.path });
    for (const [id, raw] of Object.entries(rec(doc.jobs))) {
      const job = rec(raw);
      const where = `${w.path} (job ${id})`;
      const app = steps(job).some(runsTauri);
      takePlatforms(facts, { job, app, where, releases: startsReleases(doc.on) }, now);
      if (pypiJobs.some((j) => j.path === w.path && j.job === id)) {
        publishJob ??= { doc, id, where };
        takePypiEnvironment(facts, job, where);
      }
      for (const s of steps(job)) takeStepFacts(facts, s, app, where);
    }
  }
  Object.assign(facts, publishPython(publishJob, docs, actions));
  const texts = workflows.map((w) => ({ file: w.path, text: w.text }));
  const pin =
    firstMatch(texts, /PYINSTALLER_VERSION:\s*["']?(\d[\w.]*)/) ?? firstMatch(texts, /pyinstaller==(\d[\w.]*)/i);
  if (pin) facts.pyinstallerVersion = pin;
  return facts;
}

function parseWorkflowDoc(text: string): Rec | undefined {
  try {
    return rec(yaml().parse(text));
  } catch {
    return undefined;
  }
}

/**
 * The first release-building matrix of an app job is the app's platforms, the first of a
 * PyInstaller job the CLI's; retired labels replaced and the change listed.
 */
function takePlatforms(
  facts: WorkflowFacts,
  j: { job: Rec; app: boolean; where: string; releases: boolean },
  now: Date,
): void {
  const found = j.releases ? platformsOf(j.job) : undefined;
  if (!found) return;
  const key = j.app ? "tauriPlatforms" : steps(j.job).some(runsPyinstaller) ? "cliPlatforms" : undefined;
  if (!key || facts[key]) return;
  const platforms = supported(found, j.where, now);
  facts[key] = { value: platforms.platforms, source: j.where };
  facts.runnerChanges.push(...platforms.changes);
}

/** The environment of the first PyPI job that names one (trusted publishing is tied to it). */
function takePypiEnvironment(facts: WorkflowFacts, job: Rec, where: string): void {
  const env = job.environment;
  const name = typeof env === "string" ? env : str(rec(env).name);
  if (name && !facts.pypiEnvironment) facts.pypiEnvironment = { value: name, source: where };
}

/** What one step tells: the secret behind each signing variable, a PyInstaller spec, Node and uv versions. */
function takeStepFacts(facts: WorkflowFacts, s: Rec, app: boolean, where: string): void {
  const stepEnv = rec(s.env);
  for (const name of SIGNING_ENV) {
    const secret = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/.exec(str(stepEnv[name]) ?? "")?.[1];
    if (secret && secret !== name && !facts.signingSecrets[name])
      facts.signingSecrets[name] = { value: secret, source: where };
  }
  const spec = /pyinstaller\S*\s+(?:[^\n]*?\s)?([\w./-]+\.spec)\b/i.exec(str(s.run) ?? "")?.[1];
  if (spec)
    facts.pyinstallerSteps.push({
      spec: spec.replace(/^\.\//, ""),
      env: Object.fromEntries(Object.entries(stepEnv).map(([k, v]) => [k, str(v) ?? ""])),
      app,
      source: where,
    });
  const withNode = str(rec(s.with)["node-version"]);
  if (withNode && !/\$\{\{/.test(withNode) && !facts.nodeVersion)
    facts.nodeVersion = { value: withNode, source: where };
  if (/astral-sh\/setup-uv/.test(str(s.uses) ?? "")) {
    const v = str(rec(s.with).version);
    if (v && !facts.uvVersion) facts.uvVersion = { value: v, source: where };
  }
}
