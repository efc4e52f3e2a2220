/**
 * Checks for the failures that show only at publish time, in generated and
 * hand-written workflows alike: `npm ci` without a lockfile, `npx` of a package the
 * repository does not depend on, `tauri build` with updater artifacts but no private
 * key, Developer ID signing in a job that imports no certificate, a Tauri sidecar no
 * step puts in place, `${{ }}` of untrusted input inside `run:`, and a dispatch input
 * used unvalidated. Each names the workflow, job and step.
 */
import { expressionsIn } from "./expressions.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { rec } from "../core/records.ts";
import { readTauriConf, tauriUpdaterPubkey } from "../core/tauri-conf.ts";
import { programOf } from "./shell.ts";
import { workflowsOf, type Job, type Workflow } from "./read.ts";
import { stepCommandsOf, stepWhere, type StepCommands } from "./step-commands.ts";

const readJson = (root: string, rel: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(join(root, rel), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

async function over(
  ctx: CheckContext,
  find: (steps: StepCommands[]) => string[],
  ok: string,
  bad: (found: string[]) => CheckOutcome,
): Promise<CheckOutcome> {
  if ((await workflowsOf(ctx)).length === 0) return skip("no workflow files in .github/workflows");
  const found = [...new Set(find(await stepCommandsOf(ctx)))];
  return found.length ? bad(found) : pass(ok);
}

const at = (sc: StepCommands) => stepWhere(sc.workflow, sc.job, sc.step, sc.index);
const dirOf = (sc: StepCommands, cwd = ".") => posix.normalize(posix.join(sc.step.workingDirectory ?? ".", cwd));

/** Each command with the folder it runs in (`cd` followed within the step). */
function* commandsIn(sc: StepCommands): Generator<{ words: string[]; cwd: string }> {
  let cwd = ".";
  for (const { words } of sc.commands) {
    if (words[0] === "cd" && words[1] && !words[1].includes("$X")) cwd = posix.join(cwd, words[1]);
    else yield { words, cwd: dirOf(sc, cwd) };
  }
}

const npmCiWithoutLockfile: Check = {
  id: "workflow.npm-ci-no-lockfile",
  title: "`npm ci` runs where a lockfile exists",
  run: (ctx) =>
    over(
      ctx,
      (steps) =>
        steps.flatMap((sc) =>
          [...commandsIn(sc)]
            .filter(
              ({ words }) =>
                programOf(words)?.name === "npm" && ["ci", "clean-install"].includes(programOf(words)!.args[0] ?? ""),
            )
            .filter(
              ({ cwd }) =>
                !["package-lock.json", "npm-shrinkwrap.json"].some((f) => existsSync(join(ctx.root, cwd, f))),
            )
            .map(
              ({ cwd }) =>
                `${at(sc)} runs \`npm ci\` in ${cwd === "." ? "the repository root" : cwd}, which has no package-lock.json`,
            ),
        ),
      "every `npm ci` has a lockfile",
      (found) =>
        fail(
          `Cannot install: ${found.join("; ")} — npm ci stops without one`,
          "Commit the lockfile (`npm install` writes package-lock.json), or run the package manager the folder uses (pnpm/yarn/bun install --frozen-lockfile).",
        ),
    ),
};

/** Well-known commands whose package has another name. */
const BIN_PACKAGES: Record<string, string[]> = {
  tauri: ["@tauri-apps/cli"],
  tsc: ["typescript"],
  biome: ["@biomejs/biome"],
  changeset: ["@changesets/cli"],
  ng: ["@angular/cli"],
  playwright: ["@playwright/test", "playwright"],
  "vue-tsc": ["vue-tsc"],
};

function dependencies(root: string, dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const dir of dirs) {
    const pkg = readJson(root, posix.join(dir, "package.json"));
    if (!pkg) continue;
    for (const key of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"])
      for (const n of Object.keys(rec(pkg[key]))) names.add(n);
    for (const n of Object.keys(rec(pkg.bin))) names.add(n);
  }
  return names;
}

const npxUndeclared: Check = {
  id: "workflow.npx-undeclared",
  title: "`npx` runs packages the repository depends on",
  run: (ctx) =>
    over(
      ctx,
      (steps) =>
        steps.flatMap((sc) =>
          [...commandsIn(sc)].flatMap(({ words, cwd }) => {
            const p = programOf(words);
            if (p?.name !== "npx") return [];
            // `npx -p pkg cmd`/`--package` names the package; `npx pkg@1.2.3` pins it: both deliberate.
            const args = p.args.filter((a) => a !== "-y" && a !== "--yes" && a !== "--no-install");
            if (args.some((a) => a === "-p" || a.startsWith("--package"))) return [];
            const name = args[0];
            if (!name || name.startsWith("-") || name.includes("$X") || /.@\d/.test(name) || name.startsWith("."))
              return [];
            const deps = dependencies(ctx.root, [...new Set([cwd, ".", ...ancestors(cwd)])]);
            const known =
              deps.has(name) ||
              (BIN_PACKAGES[name] ?? []).some((n) => deps.has(n)) ||
              [...deps].some((d) => d.endsWith(`/${name}`));
            return known ? [] : [`${at(sc)} runs \`npx ${name}\`, which no package.json there depends on`];
          }),
        ),
      "every `npx` command runs a declared dependency",
      (found) =>
        warn(
          `${found.join("; ")} — npx then fetches whatever the registry holds under that name`,
          "Add the package to devDependencies (so the lockfile pins it), or pin it: `npx <name>@<version>`.",
        ),
    ),
};

const ancestors = (dir: string) => {
  const out: string[] = [];
  for (let d = posix.dirname(dir); d !== "." && d !== "/"; d = posix.dirname(d)) out.push(d);
  return out;
};

/** A Tauri config of the repository (v1 or v2 layout), or undefined. */
export interface TauriFacts {
  path: string;
  dir: string;
  updaterArtifacts: boolean;
  externalBin: string[];
  resources: string[];
}

const TAURI_CONFIGS = [
  "src-tauri/tauri.conf.json",
  "tauri.conf.json",
  "app/src-tauri/tauri.conf.json",
  "desktop/src-tauri/tauri.conf.json",
];

export function readTauri(root: string): TauriFacts | undefined {
  for (const path of TAURI_CONFIGS) {
    const { conf } = readTauriConf(root, posix.dirname(path));
    if (!conf) continue;
    const bundle = rec(conf.bundle ?? rec(conf.tauri).bundle);
    const v1Active = rec(rec(conf.tauri).updater).active === true;
    const artifacts = bundle.createUpdaterArtifacts;
    const list = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : Object.keys(rec(v));
    return {
      path,
      dir: posix.dirname(path),
      updaterArtifacts:
        tauriUpdaterPubkey(conf) !== undefined && (artifacts === true || artifacts === "v1Compatible" || v1Active),
      externalBin: list(bundle.externalBin),
      resources: list(bundle.resources),
    };
  }
  return undefined;
}

/** Whether a step builds the Tauri app (`tauri build` in any runner, or tauri-action). */
export function buildsTauri(sc: StepCommands, root: string): boolean {
  if (sc.step.uses?.startsWith("tauri-apps/tauri-action")) return true;
  return sc.commands.some(({ words }) => {
    const i = words.indexOf("tauri");
    if (i >= 0 && words[i + 1] === "build") return true;
    // `npm run tauri:build`, `pnpm build:app` → a package.json script that runs it
    const run =
      words[0] && ["npm", "pnpm", "yarn", "bun"].includes(words[0]) ? words.filter((w) => w !== "run")[1] : undefined;
    if (!run) return false;
    const scripts = rec(readJson(root, posix.join(sc.step.workingDirectory ?? ".", "package.json"))?.scripts);
    const body = scripts[run];
    return typeof body === "string" && /\btauri\b[^&|;]*\bbuild\b/.test(`${body} ${words.slice(2).join(" ")}`);
  });
}

const KEY_NAMES = ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY_PATH", "TAURI_PRIVATE_KEY"];
const KEY_SET = /(?:\bexport\s+|\$env:|^\s*|echo\s+["']?)TAURI_(?:SIGNING_)?PRIVATE_KEY(?:_PATH)?=/m;

const envOf = (w: Workflow, job: Job, sc: StepCommands) => ({ ...w.env, ...job.env, ...sc.step.env });

const updaterKeyMissing: Check = {
  id: "workflow.updater-key-missing",
  title: "`tauri build` with updater artifacts has the private key",
  async run(ctx) {
    const tauri = readTauri(ctx.root);
    if (!tauri) return skip("no tauri.conf.json");
    if (!tauri.updaterArtifacts) return skip(`${tauri.path} creates no updater artifacts`);
    return over(
      ctx,
      (steps) =>
        steps
          .filter((sc) => buildsTauri(sc, ctx.root))
          .filter((sc) => {
            const env = envOf(sc.workflow, sc.job, sc);
            if (KEY_NAMES.some((k) => k in env)) return false;
            // `export KEY=…`, `$env:KEY=…` in the step, or `KEY=… >> $GITHUB_ENV` in an earlier step of the job
            const earlier = steps.filter((o) => o.workflow === sc.workflow && o.job === sc.job && o.index <= sc.index);
            return !earlier.some((o) => KEY_SET.test(o.step.run ?? ""));
            return !(
              "TAURI_SIGNING_PRIVATE_KEY" in env ||
              "TAURI_SIGNING_PRIVATE_KEY_PATH" in env ||
              "TAURI_PRIVATE_KEY" in env
            );
          })
          .map((sc) => `${at(sc)} builds the app without TAURI_SIGNING_PRIVATE_KEY in its environment`),
      "every updater build has its signing key",
      (found) =>
        fail(
          `Cannot sign the updater artifacts: ${found.join("; ")}, while ${tauri.path} has an updater pubkey and createUpdaterArtifacts — the build fails at the signing step`,
          "Pass the key to that step: env: { TAURI_SIGNING_PRIVATE_KEY: ${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: ${{ secrets.TAURI_SIGNING_PRIVATE_KEY_PASSWORD }} }.",
        ),
    );
  },
};

/** Steps that put a signing certificate in a keychain. */
function importsCertificate(sc: StepCommands, env: Record<string, unknown>): boolean {
  const uses = sc.step.uses?.toLowerCase() ?? "";
  if (uses.includes("import-codesign-certs") || uses.includes("keychain")) return true;
  // Tauri's bundler imports APPLE_CERTIFICATE into a temporary keychain itself.
  if (buildsTauriStep(sc) && "APPLE_CERTIFICATE" in env) return true;
  return sc.commands.some(
    ({ words }) => words[0] === "security" && ["import", "create-keychain"].includes(words[1] ?? ""),
  );
}
const buildsTauriStep = (sc: StepCommands) =>
  Boolean(sc.step.uses?.startsWith("tauri-apps/tauri-action")) ||
  sc.commands.some(({ words }) => words.includes("tauri") && words.includes("build"));

/** A step that signs with a Developer ID identity (codesign, the finalizer, a Tauri build given the identity). */
function signsWithDeveloperId(sc: StepCommands, env: Record<string, unknown>): boolean {
  const identity = String(env.APPLE_SIGNING_IDENTITY ?? "");
  const text = sc.step.run ?? "";
  if (sc.commands.some(({ words }) => words[0] === "codesign" && words.some((w) => w.includes("Developer ID"))))
    return true;
  if (/finalize-macos\.ts/.test(text) && (identity.includes("Developer ID") || identity.includes("secrets.")))
    return !/--plan\b|--ad-hoc\b/.test(text);
  return buildsTauriStep(sc) && identity.includes("Developer ID");
}

const codesignNoKeychain: Check = {
  id: "workflow.codesign-no-keychain",
  title: "jobs that sign with Developer ID import the certificate",
  run: (ctx) =>
    over(
      ctx,
      (steps) => {
        const out: string[] = [];
        const byJob = new Map<string, StepCommands[]>();
        for (const sc of steps) {
          const k = `${sc.workflow.file}#${sc.job.id}`;
          byJob.set(k, [...(byJob.get(k) ?? []), sc]);
        }
        for (const job of byJob.values()) {
          const imported = job.some((sc) => importsCertificate(sc, envOf(sc.workflow, sc.job, sc)));
          if (imported) continue;
          for (const sc of job)
            if (signsWithDeveloperId(sc, envOf(sc.workflow, sc.job, sc)))
              out.push(
                `${at(sc)} signs with a Developer ID identity, but no step of job ${sc.job.id} imports a certificate into a keychain`,
              );
        }
        return out;
      },
      "every Developer ID signing job imports its certificate",
      (found) =>
        fail(
          `Cannot sign on the runner: ${found.join("; ")} — codesign finds no such identity`,
          "Import the .p12 first (e.g. `security import` into a temporary keychain, or give the Tauri build APPLE_CERTIFICATE and APPLE_CERTIFICATE_PASSWORD).",
        ),
    ),
};

const sidecarNotPlaced: Check = {
  id: "workflow.sidecar-not-placed",
  title: "the sidecars tauri.conf.json bundles are put in place by the build",
  async run(ctx) {
    const tauri = readTauri(ctx.root);
    if (!tauri) return skip("no tauri.conf.json");
    const wanted = [
      ...tauri.externalBin.map((p) => ({ p, kind: "externalBin" })),
      ...tauri.resources.filter((p) => !/[*?]/.test(p)).map((p) => ({ p, kind: "resources" })),
    ];
    if (wanted.length === 0) return skip(`${tauri.path} bundles no sidecar or resource`);
    const files = existsSync(join(ctx.root, tauri.dir)) ? listNames(ctx.root, tauri.dir) : [];
    return over(
      ctx,
      (steps) => {
        const out: string[] = [];
        const builders = steps.filter((sc) => buildsTauri(sc, ctx.root));
        for (const b of builders) {
          const job = steps.filter((sc) => sc.workflow === b.workflow && sc.job === b.job && sc.index < b.index);
          const jobText = job
            .map((sc) => `${sc.step.run ?? ""} ${JSON.stringify(sc.step.with)} ${scriptsRun(ctx.root, sc)}`)
            .join("\n");
          for (const { p, kind } of wanted) {
            const rel = posix.normalize(posix.join(tauri.dir, p));
            const base = posix.basename(rel);
            const committed =
              kind === "externalBin" ? files.some((f) => f.startsWith(`${rel}-`)) : existsSync(join(ctx.root, rel));
            if (committed || jobText.includes(base)) continue;
            out.push(
              `${at(b)} bundles ${kind} "${p}" (${tauri.path}), which no earlier step of job ${b.job.id} builds, downloads or copies there`,
            );
          }
        }
        return out;
      },
      "every sidecar and resource the app bundles is in place before `tauri build`",
      (found) =>
        fail(
          `Cannot bundle the app: ${found.join("; ")} — tauri build stops on the missing file`,
          "Build or download the sidecar in the same job before the build step, named <name>-<target triple> under the folder externalBin names.",
        ),
    );
  },
};

/** The text of repository scripts a step runs (so a build script that places the sidecar counts). */
function scriptsRun(root: string, sc: StepCommands): string {
  const out: string[] = [];
  for (const { words } of sc.commands)
    for (const w of words)
      if (/\.(sh|py|ts|mjs|js|ps1)$/.test(w) && !w.includes("$X") && existsSync(join(root, dirOf(sc), w)))
        try {
          out.push(readFileSync(join(root, dirOf(sc), w), "utf8"));
        } catch {
          /* unreadable: ignored */
        }
  const scripts = rec(readJson(root, posix.join(dirOf(sc), "package.json"))?.scripts);
  for (const { words } of sc.commands)
    if (["npm", "pnpm", "yarn", "bun"].includes(words[0] ?? "")) {
      const name = words.filter((w) => w !== "run")[1];
      if (name && typeof scripts[name] === "string") out.push(scripts[name] as string);
    }
  return out.join("\n");
}

function listNames(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 3) return;
    try {
      for (const e of readdirSync(join(root, rel), { withFileTypes: true }))
        if (e.isDirectory()) walk(`${rel}/${e.name}`, depth + 1);
        else out.push(`${rel}/${e.name}`);
    } catch {
      /* gone */
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * Expressions an attacker controls (titles, bodies, branch names, commit messages),
 * from GitHub's security-hardening guide.
 */
const UNTRUSTED =
  /^(github\.head_ref|github\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)|pages\..*\.page_name|commits\..*\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|head_commit\.message|display_title)))$/;

/** The context paths a `run:` script may have pasted into it, every expression form walked (`||`, `format()`...). */
const pastedPaths = (run: string | undefined) => expressionsIn(run ?? "").flatMap((e) => e.paths);

const untrustedInput: Check = {
  id: "workflow.untrusted-input",
  title: "no `run:` step expands untrusted input",
  run: (ctx) =>
    over(
      ctx,
      (steps) =>
        steps.flatMap((sc) =>
          [...new Set(pastedPaths(sc.step.run).filter((p) => UNTRUSTED.test(p)))].map(
            (p) => `${at(sc)} expands \`${p}\` inside run:`,
          ),
        ),
      "no `run:` step expands untrusted input",
      (found) =>
        fail(
          `Cannot trust the workflow: ${found.join("; ")} — the text is pasted into the script before the shell reads it, so a crafted title or branch name runs commands`,
          'Pass it through the environment: env: { TITLE: ${{ github.event.pull_request.title }} } and use "$TITLE" in the script.',
        ),
    ),
};

/**
 * The inputs a person types when dispatching the workflow (`workflow_dispatch`), with their
 * type; a reusable workflow's `workflow_call` inputs are set by its callers, not typed.
 */
function dispatchInputTypes(w: Workflow): Map<string, string> {
  const on = (w.doc as { on?: unknown } | undefined)?.on;
  const dispatch = on && typeof on === "object" ? (on as Record<string, unknown>).workflow_dispatch : undefined;
  const inputs = dispatch && typeof dispatch === "object" ? (dispatch as { inputs?: unknown }).inputs : undefined;
  const out = new Map<string, string>();
  if (inputs && typeof inputs === "object")
    for (const [name, raw] of Object.entries(inputs as Record<string, unknown>))
      out.set(name, String((raw as { type?: unknown } | null)?.type ?? "string"));
  return out;
}

/** The dispatch or call input a context path names (`inputs.tag`, `github.event.inputs.tag`). */
const inputName = (path: string) => /^(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)$/.exec(path)?.[1];

/**
 * The inputs of a workflow a person types: its free-text `workflow_dispatch` inputs, and
 * the `workflow_call` inputs a caller in the repository fills from one of its own (a
 * literal passed by every caller, such as `npm-tag: 'dev'`, is nobody's free text).
 */
export function typedInputs(w: Workflow, all: readonly Workflow[]): Set<string> {
  const typed = new Set([...dispatchInputTypes(w)].filter(([, t]) => t === "string").map(([n]) => n));
  for (const caller of all)
    for (const job of caller.jobs) {
      if (!job.uses?.startsWith("./") || job.uses.split("/").at(-1) !== w.file) continue;
      const raw = (caller.doc as { jobs?: Record<string, { with?: Record<string, unknown> }> }).jobs?.[job.id]?.with;
      const callerTyped = dispatchInputTypes(caller);
      for (const [name, value] of Object.entries(raw ?? {}))
        if (
          typeof value === "string" &&
          expressionsIn(value).some((e) => e.paths.some((p) => callerTyped.get(inputName(p) ?? "") === "string"))
        )
          typed.add(name);
    }
  return typed;
}

const dispatchInputUnvalidated: Check = {
  id: "workflow.dispatch-input-unvalidated",
  title: "free-text dispatch inputs are not pasted into `run:`",
  run: async (ctx) => {
    const all = await workflowsOf(ctx);
    const typed = new Map(all.map((w) => [w, typedInputs(w, all)]));
    return over(
      ctx,
      (steps) =>
        steps.flatMap((sc) =>
          [...new Set(pastedPaths(sc.step.run).map(inputName))]
            // choice, boolean and number inputs are validated by GitHub; strings are free text.
            .filter((name): name is string => name !== undefined && Boolean(typed.get(sc.workflow)?.has(name)))
            .map((name) => `${at(sc)} pastes the free-text input \`${name}\` into run:`),
        ),
      "no free-text input is pasted into a script",
      (found) =>
        warn(
          `${found.join("; ")} — anyone who may dispatch the workflow chooses what the shell runs, and a bad version string fails late`,
          'Pass it through env and validate it first, e.g. [[ "$VERSION" =~ ^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || exit 1; or make it `type: choice`.',
        ),
    );
  },
};

/** Root .gitignore lines as picomatch patterns (negations dropped: they only keep files in). */
export function gitignorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("!"))
    .flatMap((l) => {
      const body = l.replace(/\/$/, "");
      const anchored = body.startsWith("/") || body.slice(0, -1).includes("/");
      const p = body.replace(/^\//, "");
      return anchored ? [p, `${p}/**`] : [`**/${p}`, `**/${p}/**`];
    });
}

/**
 * Paths a hatchling wheel ships that git ignores (a built front end), and whether the
 * sdist carries them: hatch leaves git-ignored files out of an sdist unless they are
 * `artifacts` of the sdist (or of every target).
 */
export async function builtPathsMissingFromSdist(root: string): Promise<string[]> {
  let text: string;
  try {
    text = readFileSync(join(root, "pyproject.toml"), "utf8");
  } catch {
    return [];
  }
  const { parse } = await import("smol-toml");
  const py = parse(text) as Record<string, unknown>;
  if (!String(rec(py["build-system"])["build-backend"] ?? "").startsWith("hatchling")) return [];
  const hatch = rec(rec(rec(py.tool).hatch).build);
  const targets = rec(hatch.targets);
  const wheel = rec(targets.wheel);
  const sdist = rec(targets.sdist);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const wanted = [...Object.keys(rec(wheel["force-include"])), ...list(wheel.artifacts)].map((p) => normalize(p));
  const carried = [...list(hatch.artifacts), ...list(sdist.artifacts), ...Object.keys(rec(sdist["force-include"]))].map(
    normalize,
  );
  let ignore: string[] = [];
  try {
    ignore = gitignorePatterns(readFileSync(join(root, ".gitignore"), "utf8"));
  } catch {
    return [];
  }
  const { default: picomatch } = await import("picomatch");
  const ignored = picomatch(ignore, { dot: true });
  return wanted.filter(
    (p) => (ignored(p) || ignored(`${p}/x`)) && !carried.some((c) => c === p || p.startsWith(`${c}/`)),
  );
}
const normalize = (p: string) =>
  p
    .replace(/^\.?\//, "")
    .replace(/\/\*\*?$/, "")
    .replace(/\/$/, "");

/** `python -m build` / `uv build` / `pyproject-build` without `--wheel`: the wheel is built from the sdist. */
function buildsWheelFromSdist(words: string[]): boolean {
  const p = programOf(words);
  if (!p) return false;
  const isBuild =
    (/^python3?(\.\d+)?$/.test(p.name) && p.args[0] === "-m" && p.args[1] === "build") ||
    (p.name === "uv" && p.args[0] === "build") ||
    p.name === "pyproject-build";
  if (!isBuild) return false;
  const flags = p.args;
  return !flags.some((f) => f === "--wheel" || f === "-w" || f === "--sdist" || f === "-s");
}

const sdistMissingFrontend: Check = {
  id: "workflow.sdist-missing-frontend",
  title: "a wheel built from the sdist keeps the built front end",
  async run(ctx) {
    const missing = await builtPathsMissingFromSdist(ctx.root);
    if (missing.length === 0) return skip("the wheel ships no git-ignored built files (or the sdist carries them)");
    return over(
      ctx,
      (steps) =>
        steps
          .filter((sc) => sc.commands.some(({ words }) => buildsWheelFromSdist(words)))
          .map((sc) => `${at(sc)} builds the wheel from the sdist`),
      "no step builds the wheel from the sdist",
      (found) =>
        fail(
          `Cannot ship the front end: ${found.join("; ")}, and the sdist leaves out ${missing.join(", ")} (git-ignored, not an sdist artifact) — the wheel built from it has no built front end`,
          `Build the wheel from the tree (\`uv build --wheel\`, \`python -m build --wheel\`), or add the folder to [tool.hatch.build.targets.sdist] artifacts = ["${missing[0]}"].`,
        ),
    );
  },
};

export const publishTimeChecks: Check[] = [
  npmCiWithoutLockfile,
  npxUndeclared,
  updaterKeyMissing,
  codesignNoKeychain,
  sidecarNotPlaced,
  sdistMissingFrontend,
  untrustedInput,
  dispatchInputUnvalidated,
];
