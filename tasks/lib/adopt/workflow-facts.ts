/**
 * What the repository's hand-written workflows say about its release: the platform
 * matrix of the app and CLI builds, the secret behind each signing variable, the
 * PyPI environment, pinned tool versions, the PyInstaller step's spec and
 * environment. Pure: it reads workflow texts, never the file system.
 */
import { yaml } from "../workflows/yaml.ts";
import { SIGNING_ENV, type SigningEnv } from "../core/config/workflows-schema.ts";
import { publishPython, pypiTarget, type PublishJob } from "./python-job.ts";

export interface PlatformFact {
  runner: string;
  target: string;
  os: "macos" | "linux" | "windows";
  arch: string;
}

export interface Sourced<T> {
  value: T;
  /** where it was read, e.g. ".github/workflows/build-tauri.yml (job build, matrix)" */
  source: string;
}

export interface WorkflowFacts {
  tauriPlatforms?: Sourced<PlatformFact[]>;
  cliPlatforms?: Sourced<PlatformFact[]>;
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

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

/** The Rust target a runner label builds by default (when the matrix names none). */
function defaultTarget(runner: string): string | undefined {
  const arm = /arm|aarch64/.test(runner);
  if (runner.startsWith("macos"))
    return /macos-13|intel|large/.test(runner) ? "x86_64-apple-darwin" : "aarch64-apple-darwin";
  if (runner.startsWith("ubuntu")) return arm ? "aarch64-unknown-linux-gnu" : "x86_64-unknown-linux-gnu";
  if (runner.startsWith("windows")) return arm ? "aarch64-pc-windows-msvc" : "x86_64-pc-windows-msvc";
  return undefined;
}

function osOf(target: string): PlatformFact["os"] | undefined {
  if (target.includes("apple-darwin")) return "macos";
  if (target.includes("linux")) return "linux";
  if (target.includes("windows")) return "windows";
  return undefined;
}

/** The matrix `include` rows of a job, as platforms (runner from `runs-on: ${{ matrix.X }}`). */
function platformsOf(job: Rec): PlatformFact[] | undefined {
  const runsOn = str(job["runs-on"]) ?? "";
  const key = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/.exec(runsOn)?.[1];
  const matrix = rec(rec(job.strategy).matrix);
  let rows: Rec[] = Array.isArray(matrix.include) ? matrix.include.map(rec) : [];
  if (!rows.length && key && Array.isArray(matrix[key])) rows = (matrix[key] as unknown[]).map((v) => ({ [key]: v }));
  if (!key || !rows.length) return undefined;
  const out: PlatformFact[] = [];
  for (const row of rows) {
    const runner = str(row[key]);
    if (!runner) continue;
    const target =
      str(row.target) ?? /--target\s+(\S+)/.exec(str(row.args) ?? "")?.[1] ?? defaultTarget(runner) ?? undefined;
    const os = target ? osOf(target) : undefined;
    if (!target || !os) continue;
    out.push({ runner, target, os, arch: target.split("-")[0]! });
  }
  return out.length ? out : undefined;
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

/** Read the facts; `workflows` are the hand-written ones (generated files say nothing new). */
export function workflowFacts(workflows: { path: string; text: string }[]): WorkflowFacts {
  const facts: WorkflowFacts = { signingSecrets: {}, pyinstallerSteps: [] };
  const texts = workflows.map((w) => ({ file: w.path, text: w.text }));
  const docs: { doc: Rec; path: string }[] = [];
  let publishJob: PublishJob | undefined;
  for (const w of workflows) {
    let doc: Rec;
    try {
      doc = rec(yaml().parse(w.text));
    } catch {
      continue;
    }
    docs.push({ doc, path: w.path });
    for (const [id, raw] of Object.entries(rec(doc.jobs))) {
      const job = rec(raw);
      const jobSteps = steps(job);
      const app = jobSteps.some(runsTauri);
      const platforms = platformsOf(job);
      const where = `${w.path} (job ${id})`;
      if (platforms && app && !facts.tauriPlatforms) facts.tauriPlatforms = { value: platforms, source: where };
      if (platforms && !app && jobSteps.some(runsPyinstaller) && !facts.cliPlatforms)
        facts.cliPlatforms = { value: platforms, source: where };
      const env = job.environment;
      const envName = typeof env === "string" ? env : str(rec(env).name);
      const pypi = pypiTarget(jobSteps);
      if (pypi === "pypi" && !publishJob) publishJob = { doc, id, where };
      if (envName && pypi === "pypi" && !facts.pypiEnvironment)
        facts.pypiEnvironment = { value: envName, source: where };
      for (const s of jobSteps) {
        const stepEnv = rec(s.env);
        for (const name of SIGNING_ENV) {
          const secret = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/.exec(str(stepEnv[name]) ?? "")?.[1];
          if (secret && secret !== name && !facts.signingSecrets[name])
            facts.signingSecrets[name] = { value: secret, source: where };
        }
        const run = str(s.run) ?? "";
        const spec = /pyinstaller\S*\s+(?:[^\n]*?\s)?([\w./-]+\.spec)\b/i.exec(run)?.[1];
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
    }
  }
  Object.assign(facts, publishPython(publishJob, docs));
  const pin =
    firstMatch(texts, /PYINSTALLER_VERSION:\s*["']?(\d[\w.]*)/) ?? firstMatch(texts, /pyinstaller==(\d[\w.]*)/i);
  if (pin) facts.pyinstallerVersion = pin;
  return facts;
}
