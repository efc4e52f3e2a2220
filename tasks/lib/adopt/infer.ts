/**
 * From the repository's facts to a release config: each value with where it came
 * from, the questions inference could not answer (never a silent default that may be
 * wrong), and the facts the config cannot express yet (written as commented
 * suggestions for the sections other issues add). Pure.
 */
import { parse as parseToml } from "smol-toml";
import { yaml } from "../workflows/yaml.ts";
import { posix } from "node:path";
import { inferKind, parseRepoSlug } from "../core/config/load.ts";
import { tagPrefixOf } from "../core/config/tag-prefix.ts";
import type { WorkflowName } from "../core/config/workflows-schema.ts";
import type { RepositoryFacts } from "./facts.ts";
import { frontendOf, tauriAppOf, type TauriApp } from "./tauri-facts.ts";
import { workflowFacts, type RunnerChange } from "./workflow-facts.ts";

export interface InferredValue {
  /** dotted key in release.config.ts, e.g. "workflows.tauriDir" */
  key: string;
  value: unknown;
  source: string;
}

export interface Question {
  key: string;
  question: string;
}

export interface Suggestion {
  /** the config section it belongs to once the schema has it */
  topic: string;
  fact: string;
  source: string;
}

export interface Inference {
  values: InferredValue[];
  questions: Question[];
  suggestions: Suggestion[];
  /** what adoption found, for the summary and the checks of bad input */
  found: { python: boolean; app: TauriApp | undefined; versionFiles: string[] };
  /** runner labels of the hand-written release builds that GitHub retired, and what is written instead */
  runnerChanges: RunnerChange[];
}

export interface InferOptions {
  /** where the toolkit lives */
  toolkitDir: string;
  /** the repository paths the toolkit's own files take (they are not the project's) */
  toolkitPaths?: ReadonlySet<string>;
  /** the day runner labels are judged on (retired ones are replaced) */
  now?: Date;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

function toml(facts: RepositoryFacts, path: string): Rec | undefined {
  const text = facts.files[path];
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Rec;
  } catch {
    return undefined;
  }
}

function json(facts: RepositoryFacts, path: string): Rec | undefined {
  const text = facts.files[path];
  if (text === undefined) return undefined;
  try {
    return rec(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The name a PyInstaller spec gives its build: COLLECT's for onedir, else EXE's (a literal only). */
function pyinstallerName(spec: string): string | undefined {
  const collect = /COLLECT\s*\([\s\S]*?\bname\s*=\s*['"]([\w.-]+)['"]/.exec(spec)?.[1];
  return collect ?? /EXE\s*\([\s\S]*?\bname\s*=\s*['"]([\w.-]+)['"]/.exec(spec)?.[1];
}

/** The highest plain x.y.z among the tags with this prefix (pre-releases left out). */
function latestTagVersion(tags: string[], prefix: string): string | undefined {
  const versions = tags
    .filter((t) => t.startsWith(prefix))
    .map((t) => t.slice(prefix.length))
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .map((v) => v.split(".").map(Number) as [number, number, number]);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return versions.at(-1)?.join(".");
}

/** "<workflow> (job J) matrix", and the labels replaced there because GitHub retired them. */
function platformSource(where: string, changes: readonly RunnerChange[]): string {
  const here = changes.filter((c) => c.where === where).map((c) => `${c.from} → ${c.to} (${c.from} ${c.why})`);
  return here.length ? `${where} matrix, retired runners replaced: ${here.join(", ")}` : `${where} matrix`;
}

const CHANGELOGS = ["CHANGELOG.md", "CHANGELOG", "CHANGES.md", "HISTORY.md"];

export function inferConfig(facts: RepositoryFacts, opts: InferOptions): Inference {
  const values: InferredValue[] = [];
  const questions: Question[] = [];
  const suggestions: Suggestion[] = [];
  const set = (key: string, value: unknown, source: string) => values.push({ key, value, source });
  const ask = (key: string, question: string) => questions.push({ key, question });
  const suggest = (topic: string, fact: string, source: string) => suggestions.push({ topic, fact, source });

  const toolkitPrefix = opts.toolkitDir === "." ? undefined : `${opts.toolkitDir}/`;
  const own = (p: string) => !(toolkitPrefix && p.startsWith(toolkitPrefix)) && !opts.toolkitPaths?.has(p);
  const has = (p: string) => facts.paths.includes(p) && own(p);
  const pyproject = toml(facts, "pyproject.toml");
  const project = rec(pyproject?.project);
  const sources = facts.versionSources;
  // A Python distribution: PEP 621, Poetry 1, setup.cfg or setup.py names it, or a setup.py builds it.
  const python = sources.pythonName !== undefined || has("setup.py");
  const app = tauriAppOf(facts, own);
  const handWorkflows = Object.entries(facts.files)
    .filter(([p, t]) => p.startsWith(".github/workflows/") && !/^# Generated by \S*gen-workflows\.ts/.test(t))
    .map(([path, text]) => ({ path, text }));
  const wf = workflowFacts(handWorkflows, opts.now);

  // --- name, repository, branch, tag prefix
  if (app?.productName) set("name", app.productName, `${app.confPath} productName`);
  else if (app?.crateName)
    set("name", app.crateName, `${app.dir}/Cargo.toml [package].name (Tauri's name without productName)`);
  else if (sources.pythonName) set("name", sources.pythonName.value, sources.pythonName.why);
  else if (str(json(facts, "package.json")?.name)) set("name", json(facts, "package.json")!.name, "package.json name");
  else {
    set("name", facts.folder, "the repository folder's name");
    ask("name", "What is the project's display name in release titles? (no product or package name was found)");
  }
  const slug = facts.git.originUrl ? parseRepoSlug(facts.git.originUrl) : undefined;
  if (slug && /github\.com[:/]/.test(facts.git.originUrl!)) set("repository", slug, "the origin remote's URL");
  else ask("repository", "Which GitHub repository is this (owner/name)? origin is not a GitHub URL");
  if (facts.git.branch) set("branch", facts.git.branch, "the checked-out branch");
  else ask("branch", "Which branch are releases cut from? HEAD is detached");
  const tags = tagPrefixOf(facts.git.tags, sources.pythonName?.value ?? str(json(facts, "package.json")?.name));
  if (tags) set("tagPrefix", tags.prefix, tags.why);
  else {
    set("tagPrefix", "v", "no version tag yet: the toolkit's default");
    ask("tagPrefix", 'No version tag exists yet: should tags read v1.2.3 (tagPrefix "v") or 1.2.3 (tagPrefix "")?');
  }

  // --- CHANGELOG
  const changelog = CHANGELOGS.find(has);
  if (changelog) {
    // no [Unreleased] needed: the cut puts each section above the newest one
    set("changelog.path", changelog, "the file at the repository root");
    suggest(
      "changelog (issue 10)",
      "the CHANGELOG's heading and category style is read from the file at release time",
      changelog,
    );
  } else {
    // Many projects keep their notes on GitHub's releases only: the cut starts a file unless told not to.
    set("changelog.path", "CHANGELOG.md", "no CHANGELOG found: the toolkit's default");
    set("changelog.keep", true, "no CHANGELOG found: the first cut creates CHANGELOG.md (Keep a Changelog)");
    ask(
      "changelog.keep",
      "No CHANGELOG.md was found: the first cut creates one (Keep a Changelog). Keep true, or set false if the project keeps its notes only on GitHub's releases (the cut then writes the release notes only)",
    );
  }

  // --- version files: the ecosystems' rules (core/version-sources), shared with the zero-config plan
  const versionFiles = sources.files.filter((f) => own(f.path)).map((f) => f.path);
  if (sources.fromTag)
    set("versioning.fromTag", sources.fromTag.tool, `${sources.fromTag.why}: the tag is the version, nothing to bump`);
  if (versionFiles.length)
    set(
      "versionFiles",
      sources.files
        .filter((f) => own(f.path))
        .map((f) => (kindOf(f.path) === f.kind ? f.path : { path: f.path, kind: f.kind })),
      sources.files.map((f) => `${f.path}: ${f.why}`).join("; "),
    );
  else if (!sources.fromTag) ask("versionFiles", "Which files carry the version, or is it the tag? None was found");
  for (const q of sources.questions) ask("versionFiles", q);
  for (const n of sources.notes) suggest("versionFiles", n, "version sources");
  // Files behind the newest tag: the cut counts from the tag and brings them up to it.
  const latest = latestTagVersion(facts.git.tags, tags?.prefix ?? "v");
  const declared = sources.files[0]?.version;
  if (latest && declared && /^\d+\.\d+\.\d+$/.test(declared) && olderThan(declared, latest))
    ask(
      "versionFiles",
      `The version files declare ${declared} but the latest tag is ${tags?.prefix ?? ""}${latest}: the next release counts from the tag; are these the files of the version the tags count?`,
    );

  // --- lockfiles
  const lockfiles: { path: string; command: string[] }[] = [];
  if (has("uv.lock")) lockfiles.push({ path: "uv.lock", command: ["uv", "lock"] });
  if (app && has(`${app.dir}/Cargo.lock`))
    lockfiles.push({
      path: `${app.dir}/Cargo.lock`,
      command: ["cargo", "update", "--workspace", "--manifest-path", `${app.dir}/Cargo.toml`],
    });
  for (const v of versionFiles.filter((p) => p.endsWith("package.json"))) {
    const lock = v.replace(/package\.json$/, "package-lock.json");
    if (has(lock)) {
      const dir = v === "package.json" ? [] : ["--prefix", v.slice(0, -"/package.json".length)];
      lockfiles.push({ path: lock, command: ["npm", "install", "--package-lock-only", "--ignore-scripts", ...dir] });
    }
  }
  if (lockfiles.length) set("lockfiles", lockfiles, lockfiles.map((l) => l.path).join(", ") + " exist");
  if (has("uv.lock"))
    suggest("lockfiles (issue 14)", "uv.lock stores its resolver options; refresh it with the same options", "uv.lock");

  // --- workflows
  const generate: WorkflowName[] = [];
  if (python) generate.push("publish-pypi");
  if (app) generate.push("build-tauri");
  const scripts = Object.keys(rec(project.scripts));
  const specs = facts.paths.filter((p) => p.endsWith(".spec") && own(p) && /Analysis\s*\(/.test(facts.files[p] ?? ""));
  const cliName = scripts.find((s) => s === str(project.name)) ?? scripts[0];
  const appSpec = wf.pyinstallerSteps.find((s) => s.app && specs.includes(s.spec));
  const cliSpecStep = wf.pyinstallerSteps.find((s) => !s.app && specs.includes(s.spec));
  // Without a workflow that builds them: a spec in the app's folder or named "sidecar" is the sidecar's, <cli>.spec the CLI's.
  const sidecarByName = app
    ? specs.find((p) => p.startsWith(`${app.dir}/`) || /sidecar/i.test(posix.basename(p)))
    : undefined;
  const cliByName = specs.find((p) => cliName !== undefined && posix.basename(p) === `${cliName}.spec`);
  if (python && cliName && specs.length) generate.push("build-binaries");
  set("workflows.generate", generate, describeGenerate(python, app, cliName, specs));
  set(
    "workflows.toolkitDir",
    opts.toolkitDir,
    opts.toolkitDir === "." ? "installed at the repository root" : "--toolkit-dir",
  );
  if (!generate.length)
    ask(
      "workflows.generate",
      "Nothing to publish was found (no [project] in pyproject.toml, no Tauri app): what does a release ship?",
    );
  set(
    "github.releaseWorkflows",
    [
      ...generate.filter((g) => g !== "ci").map((g) => `${g}.yml`),
      ...handWorkflows
        .filter((w) => !generate.some((g) => w.path.endsWith(`/${g}.yml`)) && /\brelease\s*:/.test(w.text))
        .filter((w) => startsOnRelease(w.text))
        .map((w) => w.path.slice(".github/workflows/".length)),
    ],
    "the generated release workflows and the hand-written ones that start on a published release",
  );

  if (app) {
    if (app.productName) set("workflows.appName", app.productName, `${app.confPath} productName`);
    set("workflows.tauriDir", app.dir, `${app.confPath} is there`);
    const frontend = frontendOf(facts, app, own);
    if (frontend?.value) {
      set("workflows.frontend", frontend.value, frontend.source);
      for (const s of frontend.notes) suggest("workflows.frontend", s.fact, s.source);
    } else if (frontend?.unsupported)
      ask(
        "workflows.frontend",
        `The front end uses ${frontend.unsupported} (${frontend.source}); the workflows set up npm or pnpm: which one should build it?`,
      );
    else if (app.frontendDist)
      ask("workflows.frontend", `${app.confPath} serves ${app.frontendDist}: which folder builds it?`);
    const spec = appSpec?.spec ?? sidecarByName ?? (specs.length === 1 ? specs[0] : undefined);
    const specSource = appSpec
      ? `${appSpec.source} builds it`
      : spec === sidecarByName
        ? "the PyInstaller spec in the app's folder or named sidecar"
        : "the one PyInstaller spec in the repository";
    const name = spec ? pyinstallerName(facts.files[spec] ?? "") : undefined;
    if (!spec)
      ask(
        "workflows.sidecar",
        specs.length
          ? `Which PyInstaller spec builds the app's sidecar: ${specs.join(", ")}?`
          : "No PyInstaller spec (*.spec with Analysis(...)) was found: which spec builds the sidecar?",
      );
    else if (!app.sidecar)
      ask(
        "workflows.sidecar",
        `${app.confPath} bundles no sidecar (no bundle.externalBin, no sidecar resource): where does ${spec}'s build go?`,
      );
    else if (!name)
      ask("workflows.sidecar", `What name does ${spec} give its build (dist/<name>)? It is not a plain name='...'`);
    else {
      const env = Object.fromEntries(Object.entries(appSpec?.env ?? {}).filter(([, v]) => !v.includes("${{")));
      const onefile = "externalBin" in app.sidecar.placement;
      set("workflows.sidecar.spec", spec, specSource);
      set("workflows.sidecar.name", name, `${spec} name='${name}'`);
      set("workflows.sidecar.mode", onefile ? "onefile" : "onedir", app.sidecar.fact);
      if (Object.keys(env).length)
        set("workflows.sidecar.env", env, `${appSpec!.source} sets it on the PyInstaller step`);
      set("workflows.sidecar.placement", app.sidecar.placement, app.sidecar.source);
    }
    if (app.updater) suggest("updater", app.updater, app.confPath);
    if (wf.tauriPlatforms)
      set(
        "workflows.tauriPlatforms",
        wf.tauriPlatforms.value,
        platformSource(wf.tauriPlatforms.source, wf.runnerChanges),
      );
    else
      ask(
        "workflows.tauriPlatforms",
        "No workflow builds the app yet: the default matrix (macOS arm64 and x64, Linux, Windows) is used; is it right?",
      );
  }
  if (generate.includes("build-binaries")) {
    set("workflows.cliName", cliName, "pyproject.toml [project.scripts]");
    const spec = cliSpecStep?.spec ?? cliByName ?? (specs.length === 1 ? specs[0] : undefined);
    if (spec)
      set(
        "workflows.cliSpec",
        spec,
        cliSpecStep
          ? `${cliSpecStep.source} builds it`
          : spec === cliByName
            ? `named after the CLI ${cliName}`
            : "the one PyInstaller spec in the repository",
      );
    else ask("workflows.cliSpec", `Which PyInstaller spec builds the CLI: ${specs.join(", ")}?`);
    if (cliSpecStep && Object.keys(cliSpecStep.env).length)
      suggest(
        "workflows.cli (issue 11)",
        `the CLI's PyInstaller build runs with ${Object.entries(cliSpecStep.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}`,
        cliSpecStep.source,
      );
    if (wf.cliPlatforms)
      set("workflows.cliPlatforms", wf.cliPlatforms.value, platformSource(wf.cliPlatforms.source, wf.runnerChanges));
  }
  const nodeVersion = [".node-version", ".nvmrc"].find(has);
  if (nodeVersion && facts.files[nodeVersion]?.trim())
    set("workflows.nodeVersion", facts.files[nodeVersion]!.trim().replace(/^v/, ""), nodeVersion);
  else if (wf.nodeVersion) set("workflows.nodeVersion", wf.nodeVersion.value, wf.nodeVersion.source);
  const pyVersion = has(".python-version") ? facts.files[".python-version"]?.trim() : undefined;
  if (pyVersion) set("workflows.pythonVersion", pyVersion, ".python-version");
  else if (wf.pythonVersion) set("workflows.pythonVersion", wf.pythonVersion.value, wf.pythonVersion.source);
  else if (wf.pythonVersionQuestion && python)
    ask("workflows.pythonVersion", `Which Python builds the release? ${wf.pythonVersionQuestion}`);
  if (wf.uvVersion) set("workflows.uvVersion", wf.uvVersion.value, wf.uvVersion.source);
  if (wf.pyinstallerVersion && generate.some((g) => g !== "publish-pypi"))
    set("workflows.pyinstallerVersion", wf.pyinstallerVersion.value, wf.pyinstallerVersion.source);
  if (python) {
    if (wf.pypiEnvironment)
      set("workflows.pypiEnvironment", wf.pypiEnvironment.value, `${wf.pypiEnvironment.source} publishes to PyPI`);
    else
      ask(
        "workflows.pypiEnvironment",
        'Which GitHub environment holds PyPI trusted publishing? ("pypi" is assumed; create it)',
      );
  }
  for (const [name, s] of Object.entries(wf.signingSecrets))
    set(`workflows.signingSecrets.${name}`, s!.value, `${s!.source} passes secrets.${s!.value} as ${name}`);

  for (const hook of rewritingHooks(facts, [
    ...versionFiles,
    ...lockfiles.map((l) => l.path),
    changelog ?? "CHANGELOG.md",
  ]))
    suggest("release files (issue 14)", hook, ".pre-commit-config.yaml");
  return { values, questions, suggestions, found: { python, app, versionFiles }, runnerChanges: wf.runnerChanges };
}

/** a < b for plain x.y.z versions. */
function olderThan(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! < y![i]!;
  return false;
}

/** The kind a path gets from its name, or undefined when its name says none. */
function kindOf(path: string): string | undefined {
  try {
    return inferKind(path);
  } catch {
    return undefined;
  }
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

function describeGenerate(
  python: boolean,
  app: TauriApp | undefined,
  cli: string | undefined,
  specs: string[],
): string {
  const parts = [
    python ? "a Python package (publish-pypi)" : "no Python package",
    app ? `${app.confPath} (build-tauri)` : "no Tauri app",
    python && cli && specs.length ? `a CLI script and ${specs.join(", ")} (build-binaries)` : "no CLI binary to build",
  ];
  return parts.join("; ");
}

/** Pre-commit hooks whose `files` pattern matches a file the release commit stages. */
export function rewritingHooks(facts: RepositoryFacts, staged: string[]): string[] {
  const text = facts.files[".pre-commit-config.yaml"];
  if (!text) return [];
  let doc: Rec;
  try {
    doc = rec(yaml().parse(text));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const repo of Array.isArray(doc.repos) ? doc.repos.map(rec) : []) {
    for (const hook of Array.isArray(repo.hooks) ? repo.hooks.map(rec) : []) {
      const files = str(hook.files);
      const entry = str(hook.entry);
      if (!files || !entry) continue;
      let re: RegExp;
      try {
        re = new RegExp(files);
      } catch {
        continue;
      }
      const hit = staged.filter((p) => re.test(p));
      if (hit.length)
        out.push(
          `hook ${str(hook.id) ?? entry} (\`${entry}\`) runs when the release commit stages ${hit.join(", ")}; list the files it rewrites with the release files`,
        );
    }
  }
  return out;
}
