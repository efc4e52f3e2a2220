/**
 * The `workflows` section: which workflows to generate (only for the targets the toolkit
 * publishes after the old publishers are weighed: one-publisher.ts), the app and its
 * sidecar, the CLI, the tool versions, the PyPI environment and the signing secrets,
 * each from the hand-written workflow that does the thing.
 */
import { posix } from "node:path";
import type { WorkflowName } from "../core/config/workflows-schema.ts";
import { rec } from "../core/records.ts";
import { yaml } from "../workflows/yaml.ts";
import { str, type InferContext } from "./infer-context.ts";
import { describe, toolkitPublishes, type TargetPlan } from "./one-publisher.ts";
import type { Target } from "./release-automation.ts";
import { frontendOf } from "./tauri-facts.ts";
import type { RunnerChange } from "./workflow-facts.ts";

/** The CLI's name (`[project.scripts]`) and the PyInstaller specs that could build it. */
export function cliSpecs(c: InferContext): { cliName: string | undefined; specs: string[] } {
  const scripts = Object.keys(rec(c.project.scripts));
  const specs = c.facts.paths.filter(
    (p) => p.endsWith(".spec") && c.own(p) && /Analysis\s*\(/.test(c.facts.files[p] ?? ""),
  );
  const cliName = specs.length ? (scripts.find((s) => s === str(c.project.name)) ?? scripts[0]) : undefined;
  return { cliName, specs };
}

/** The name a PyInstaller spec gives its build: COLLECT's for onedir, else EXE's (a literal only). */
function pyinstallerName(spec: string): string | undefined {
  const collect = /COLLECT\s*\([\s\S]*?\bname\s*=\s*['"]([\w.-]+)['"]/.exec(spec)?.[1];
  return collect ?? /EXE\s*\([\s\S]*?\bname\s*=\s*['"]([\w.-]+)['"]/.exec(spec)?.[1];
}

/** "<workflow> (job J) matrix", and the labels replaced there because GitHub retired them. */
function platformSource(where: string, changes: readonly RunnerChange[]): string {
  const here = changes.filter((c) => c.where === where).map((c) => `${c.from} → ${c.to} (${c.from} ${c.why})`);
  return here.length ? `${where} matrix, retired runners replaced: ${here.join(", ")}` : `${where} matrix`;
}

const WORKFLOW_OF: Record<Exclude<Target, "release">, WorkflowName> = {
  pypi: "publish-pypi",
  "desktop-app": "build-tauri",
  "cli-binaries": "build-binaries",
};

export function inferWorkflows(c: InferContext, targets: readonly TargetPlan[]): WorkflowName[] {
  const plan = (t: Target) => targets.find((p) => p.target === t);
  const generate = (["pypi", "desktop-app", "cli-binaries"] as const)
    .filter((t) => toolkitPublishes(plan(t)))
    .map((t) => WORKFLOW_OF[t]);
  c.set("workflows.generate", generate, describeGenerate(c, targets));
  c.set(
    "workflows.toolkitDir",
    c.opts.toolkitDir,
    c.opts.toolkitDir === "." ? "installed at the repository root" : "--toolkit-dir",
  );
  const offered = targets.some((t) => t.target !== "release" && t.decision !== "none");
  if (!offered)
    c.ask(
      "workflows.generate",
      "Nothing to publish was found (no [project] in pyproject.toml, no Tauri app): what does a release ship?",
    );
  c.set(
    "github.releaseWorkflows",
    [
      ...generate.map((g) => `${g}.yml`),
      ...c.handWorkflows
        .filter((w) => !generate.some((g) => w.path.endsWith(`/${g}.yml`)) && /\brelease\s*:/.test(w.text))
        .filter((w) => startsOnRelease(w.text))
        .map((w) => w.path.slice(".github/workflows/".length)),
    ],
    "the generated release workflows and the hand-written ones that start on a published release",
  );
  inferApp(c);
  if (generate.includes("build-binaries")) inferCli(c);
  inferToolVersions(c, generate);
  inferPypiEnvironment(c);
  for (const [name, s] of Object.entries(c.wf.signingSecrets))
    c.set(`workflows.signingSecrets.${name}`, s!.value, `${s!.source} passes secrets.${s!.value} as ${name}`);
  return generate;
}

/** Why each workflow is generated or not, the kept publishers named. */
function describeGenerate(c: InferContext, targets: readonly TargetPlan[]): string {
  const { cliName, specs } = cliSpecs(c);
  const what: Record<string, string> = {
    pypi: c.python ? "a Python package (publish-pypi)" : "no Python package",
    "desktop-app": c.app ? `${c.app.confPath} (build-tauri)` : "no Tauri app",
    "cli-binaries":
      c.python && cliName ? `a CLI script and ${specs.join(", ")} (build-binaries)` : "no CLI binary to build",
  };
  return targets
    .filter((t) => t.target !== "release")
    .map((t) => {
      const base = what[t.target]!;
      if (t.decision === "keep" || t.decision === "ask")
        return `${base}: published by ${t.existing.concat(t.otherLines).map(describe).join(", ")}, kept, so not generated`;
      if (t.decision === "replace") return `${base}, replacing ${t.existing.map((x) => x.tool).join(", ")}`;
      return base;
    })
    .join("; ");
}

function inferApp(c: InferContext): void {
  const { app, wf, facts } = c;
  if (!app) return;
  if (app.productName) c.set("workflows.appName", app.productName, `${app.confPath} productName`);
  c.set("workflows.tauriDir", app.dir, `${app.confPath} is there`);
  const frontend = frontendOf(facts, app, c.own);
  if (frontend?.value) {
    c.set("workflows.frontend", frontend.value, frontend.source);
    for (const s of frontend.notes) c.suggest("workflows.frontend", s.fact, s.source);
  } else if (frontend?.unsupported)
    c.ask(
      "workflows.frontend",
      `The front end uses ${frontend.unsupported} (${frontend.source}); the workflows set up npm or pnpm: which one should build it?`,
    );
  else if (app.frontendDist)
    c.ask("workflows.frontend", `${app.confPath} serves ${app.frontendDist}: which folder builds it?`);
  inferSidecar(c);
  if (app.updater) c.suggest("updater", app.updater, app.confPath);
  if (wf.tauriPlatforms)
    c.set(
      "workflows.tauriPlatforms",
      wf.tauriPlatforms.value,
      platformSource(wf.tauriPlatforms.source, wf.runnerChanges),
    );
  else
    c.ask(
      "workflows.tauriPlatforms",
      "No workflow builds the app yet: the default matrix (macOS arm64 and x64, Linux, Windows) is used; is it right?",
    );
}

/** The app's sidecar: its spec from the workflow that builds it, else by name; where the app bundles it. */
function inferSidecar(c: InferContext): void {
  const app = c.app!;
  const { specs } = cliSpecs(c);
  const appSpec = c.wf.pyinstallerSteps.find((s) => s.app && specs.includes(s.spec));
  // Without a workflow that builds it: a spec in the app's folder or named "sidecar" is the sidecar's.
  const sidecarByName = specs.find((p) => p.startsWith(`${app.dir}/`) || /sidecar/i.test(posix.basename(p)));
  const spec = appSpec?.spec ?? sidecarByName ?? (specs.length === 1 ? specs[0] : undefined);
  const specSource = appSpec
    ? `${appSpec.source} builds it`
    : spec === sidecarByName
      ? "the PyInstaller spec in the app's folder or named sidecar"
      : "the one PyInstaller spec in the repository";
  const name = spec ? pyinstallerName(c.facts.files[spec] ?? "") : undefined;
  if (!spec)
    c.ask(
      "workflows.sidecar",
      specs.length
        ? `Which PyInstaller spec builds the app's sidecar: ${specs.join(", ")}?`
        : "No PyInstaller spec (*.spec with Analysis(...)) was found: which spec builds the sidecar?",
    );
  else if (!app.sidecar)
    c.ask(
      "workflows.sidecar",
      `${app.confPath} bundles no sidecar (no bundle.externalBin, no sidecar resource): where does ${spec}'s build go?`,
    );
  else if (!name)
    c.ask("workflows.sidecar", `What name does ${spec} give its build (dist/<name>)? It is not a plain name='...'`);
  else {
    const env = Object.fromEntries(Object.entries(appSpec?.env ?? {}).filter(([, v]) => !v.includes("${{")));
    c.set("workflows.sidecar.spec", spec, specSource);
    c.set("workflows.sidecar.name", name, `${spec} name='${name}'`);
    c.set("workflows.sidecar.mode", "externalBin" in app.sidecar.placement ? "onefile" : "onedir", app.sidecar.fact);
    if (Object.keys(env).length)
      c.set("workflows.sidecar.env", env, `${appSpec!.source} sets it on the PyInstaller step`);
    c.set("workflows.sidecar.placement", app.sidecar.placement, app.sidecar.source);
  }
}

function inferCli(c: InferContext): void {
  const { cliName, specs } = cliSpecs(c);
  const { wf } = c;
  c.set("workflows.cliName", cliName, "pyproject.toml [project.scripts]");
  const cliSpecStep = wf.pyinstallerSteps.find((s) => !s.app && specs.includes(s.spec));
  const cliByName = specs.find((p) => posix.basename(p) === `${cliName}.spec`);
  const spec = cliSpecStep?.spec ?? cliByName ?? (specs.length === 1 ? specs[0] : undefined);
  if (spec)
    c.set(
      "workflows.cliSpec",
      spec,
      cliSpecStep
        ? `${cliSpecStep.source} builds it`
        : spec === cliByName
          ? `named after the CLI ${cliName}`
          : "the one PyInstaller spec in the repository",
    );
  else c.ask("workflows.cliSpec", `Which PyInstaller spec builds the CLI: ${specs.join(", ")}?`);
  if (cliSpecStep && Object.keys(cliSpecStep.env).length)
    c.suggest(
      "workflows.cli (issue 11)",
      `the CLI's PyInstaller build runs with ${Object.entries(cliSpecStep.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
      cliSpecStep.source,
    );
  if (wf.cliPlatforms)
    c.set("workflows.cliPlatforms", wf.cliPlatforms.value, platformSource(wf.cliPlatforms.source, wf.runnerChanges));
}

/** Node, Python, uv and PyInstaller: the repository's pin files, else the release workflows' setup steps. */
function inferToolVersions(c: InferContext, generate: readonly WorkflowName[]): void {
  const { wf, facts } = c;
  const nodeVersion = [".node-version", ".nvmrc"].find(c.has);
  if (nodeVersion && facts.files[nodeVersion]?.trim())
    c.set("workflows.nodeVersion", facts.files[nodeVersion]!.trim().replace(/^v/, ""), nodeVersion);
  else if (wf.nodeVersion) c.set("workflows.nodeVersion", wf.nodeVersion.value, wf.nodeVersion.source);
  const pyVersion = c.has(".python-version") ? facts.files[".python-version"]?.trim() : undefined;
  if (pyVersion) c.set("workflows.pythonVersion", pyVersion, ".python-version");
  else if (wf.pythonVersion) c.set("workflows.pythonVersion", wf.pythonVersion.value, wf.pythonVersion.source);
  else if (wf.pythonVersionQuestion && c.python)
    c.ask("workflows.pythonVersion", `Which Python builds the release? ${wf.pythonVersionQuestion}`);
  if (wf.uvVersion) c.set("workflows.uvVersion", wf.uvVersion.value, wf.uvVersion.source);
  if (wf.pyinstallerVersion && generate.some((g) => g !== "publish-pypi"))
    c.set("workflows.pyinstallerVersion", wf.pyinstallerVersion.value, wf.pyinstallerVersion.source);
}

function inferPypiEnvironment(c: InferContext): void {
  if (!c.python) return;
  const env = c.wf.pypiEnvironment;
  if (env) c.set("workflows.pypiEnvironment", env.value, `${env.source} publishes to PyPI`);
  else
    c.ask(
      "workflows.pypiEnvironment",
      'Which GitHub environment holds PyPI trusted publishing? ("pypi" is assumed; create it)',
    );
}

function startsOnRelease(text: string): boolean {
  try {
    const on = rec(yaml().parse(text)).on;
    return typeof on === "string"
      ? on === "release"
      : Array.isArray(on)
        ? on.includes("release")
        : "release" in rec(on);
  } catch {
    return false;
  }
}
