/**
 * The release tools and publishers a workflow step can be, in one catalog: what each
 * one does when it runs (creates the tag? the release, as a draft or published? with
 * which token? publishes a package, and where?). The doctor simulates a repository's
 * own tool as it behaves; adoption reads the same answers to find every publisher.
 * Pure: a step and its parsed commands in, plain data out.
 *
 * Use:
 * - `toolUses(step, ctx)`: everything one step does, in the catalog's terms.
 * - `releaseMaker(step, ctx)`: the one use that creates or publishes the GitHub release.
 * - `toolSites(steps)` then `publishers(sites)`: every publisher of a repository, with
 *   its workflow, job and step, and `use.registry` (`pypi`, `testpypi`, `npm`...).
 * - `dispatchedWorkflows(step, commands)`: workflows a step starts with `gh workflow run`.
 * - `assetUploads(step, ctx)`: files a step attaches to a release that exists (no release made).
 * - `versionBumps(commands)`: commands that bump the version or push tags (a job releasing on every push).
 * - `tagsMadeAndPushed(commands)`: a workflow step's `git tag` pushed (CI making the release's tag).
 * Which release line a publisher serves: its workflow's triggers against
 * `learnReleaseLines(...)` (release-lines.ts: `linesStarting(workflow, lines)`).
 */
import type { Step } from "./read.ts";
import { yaml } from "./yaml.ts";

export type TokenKind = "github-token" | "personal";

/** Which token a value names: `secrets.GITHUB_TOKEN`/`github.token` or anything else (a PAT, an App token). */
export function tokenOf(...values: unknown[]): TokenKind | undefined {
  for (const v of values) {
    if (typeof v !== "string" || !v.includes("${{")) continue;
    return /\b(secrets\.GITHUB_TOKEN|github\.token)\b/.test(v) ? "github-token" : "personal";
  }
  return undefined;
}

export type Registry = "pypi" | "testpypi" | "npm" | "crates" | "cocoapods" | "other";

export interface ToolUse {
  /** the catalog's name for the tool (`release-please`, `gh release create`, `twine`...) */
  tool: string;
  why: string;
  /** it creates the GitHub release (when none exists for the tag) */
  createsRelease: boolean;
  /** it creates and pushes the tag itself (release-please, semantic-release) */
  createsTag: boolean;
  /** the release is left as a draft for a person to publish; "maybe" when an expression decides */
  draft: boolean | "maybe";
  /** it publishes an existing draft (`gh release edit --draft=false`) */
  publishesDraft?: boolean;
  /** it only prepares the next release's notes as a draft (release-drafter) */
  draftsNotes?: boolean;
  token: TokenKind;
  /** a package publisher: where it publishes */
  registry?: Registry;
}

export interface StepContext {
  /** the workflow's and job's `env:` merged */
  env: Record<string, unknown>;
  /** the step's commands, parsed by the shell reader */
  commands: readonly string[][];
  /** only release events start the workflow: the release exists when it runs */
  startedOnlyByRelease: boolean;
}

const truthy = (v: unknown) => v === true || v === "true";
/** `draft: ${{ inputs.draft }}` may be either: a person decides. */
const draftOf = (v: unknown): boolean | "maybe" =>
  truthy(v) ? true : typeof v === "string" && v.includes("${{") ? "maybe" : false;

/** Actions that create a release when none exists for the tag (and upload to it otherwise). */
const RELEASE_ACTIONS: Record<string, { draftInput: string; tokenInputs: string[] }> = {
  "softprops/action-gh-release": { draftInput: "draft", tokenInputs: ["token"] },
  "ncipollo/release-action": { draftInput: "draft", tokenInputs: ["token"] },
  "actions/create-release": { draftInput: "draft", tokenInputs: [] },
  "marvinpinto/action-automatic-releases": { draftInput: "draft", tokenInputs: ["repo_token"] },
  "elgohr/github-release-action": { draftInput: "draft", tokenInputs: ["token"] },
  "jbolda/create-release": { draftInput: "draft", tokenInputs: ["token"] },
  "svenstaro/upload-release-action": { draftInput: "draft", tokenInputs: ["repo_token"] },
};

/** Tools that cut the release themselves in CI: they create the tag and a published release. */
const CUTTING_ACTIONS: Record<string, string> = {
  "googleapis/release-please-action": "release-please",
  "google-github-actions/release-please-action": "release-please",
  "googlecloudplatform/release-please-action": "release-please",
  "python-semantic-release/python-semantic-release": "python-semantic-release",
  "relekang/python-semantic-release": "python-semantic-release",
  "cycjimmy/semantic-release-action": "semantic-release",
  "codfish/semantic-release-action": "semantic-release",
};

const actionOf = (s: Step) => s.uses?.split("@")[0]?.toLowerCase();

/**
 * Catalog entries that mean a whole repository: `owner/repo/path@ref` is an action of that
 * repository (changesets/action v2 splits into `select-mode`, `version`, `pack`, `publish`),
 * so these are matched by `owner/repo`, with the sub-path passed on. Every other entry
 * names one action and is matched by its full name.
 */
const WHOLE_REPOSITORY = new Set(["changesets/action"]);

/** The catalog name a step's action is matched by, and its sub-path inside a whole-repository entry. */
function catalogAction(step: Step): { name: string; subPath: string } | undefined {
  const action = actionOf(step);
  if (!action) return undefined;
  const repo = action.split("/").slice(0, 2).join("/");
  if (WHOLE_REPOSITORY.has(repo)) return { name: repo, subPath: action.slice(repo.length + 1) };
  return { name: action, subPath: "" };
}
/** The action as the workflow spells it (`elgohr/Github-Release-Action`): the name a report gives. */
const writtenAction = (s: Step) => s.uses?.split("@")[0] ?? "";

function envToken(step: Step, env: Record<string, unknown>): TokenKind | undefined {
  return tokenOf(step.env.GH_TOKEN, step.env.GITHUB_TOKEN, env.GH_TOKEN, env.GITHUB_TOKEN);
}

/** Uses of a step's `uses:` action. */
function actionUses(step: Step, c: StepContext): ToolUse[] {
  const action = actionOf(step);
  if (!action) return [];
  const token = (...inputs: string[]) =>
    tokenOf(...inputs.map((i) => step.with[i])) ?? envToken(step, c.env) ?? "github-token";
  const cutting = CUTTING_ACTIONS[action];
  if (cutting) return [cuttingUse(action, cutting, token("token", "github_token", "github-token"))];
  const known = RELEASE_ACTIONS[action];
  // In a workflow only a published release starts, the release exists: these actions upload to it.
  if (known && !c.startedOnlyByRelease)
    return [
      {
        tool: writtenAction(step),
        why: `uses ${writtenAction(step)}`,
        createsRelease: true,
        createsTag: false,
        draft: draftOf(step.with[known.draftInput]),
        token: token(...known.tokenInputs),
      },
    ];
  const fromEnv = envToken(step, c.env) ?? "github-token";
  switch (catalogAction(step)!.name) {
    case "release-drafter/release-drafter":
      return [releaseDrafterUse(step, fromEnv)];
    case "tauri-apps/tauri-action":
      return tauriActionUses(step, c, fromEnv);
    case "pypa/gh-action-pypi-publish":
      return [pypiPublishActionUse(step)];
    case "changesets/action":
      return changesetsUses(step, catalogAction(step)!.subPath, fromEnv);
    case "commitizen-tools/commitizen-action":
      return [commitizenUse(step, token("github_token"))];
    case "jbolda/covector/packages/action":
      return covectorUses(step, token("token"));
  }
  return [];
}

/** commitizen-action bumps, writes the changelog, commits and tags, and pushes both unless `push: false`. */
const commitizenUse = (step: Step, token: TokenKind): ToolUse => ({
  tool: "commitizen",
  why: "uses commitizen-action (it bumps the version, tags and pushes)",
  createsRelease: false,
  createsTag: step.with.push !== false && step.with.push !== "false",
  draft: false,
  token,
});

/**
 * covector's `publish` (or `version-or-publish`) runs each package's configured publish
 * commands (which tag, and may publish to a registry: read from its config by the
 * caller) and makes the GitHub release when `createRelease` is set.
 */
function covectorUses(step: Step, token: TokenKind): ToolUse[] {
  if (!/publish/.test(String(step.with.command ?? ""))) return [];
  return [
    {
      tool: "covector",
      why: `uses covector (${step.with.command}: it runs the packages' publish commands${truthy(step.with.createRelease) ? " and creates the release" : ""})`,
      createsRelease: truthy(step.with.createRelease),
      createsTag: true,
      draft: truthy(step.with.draftRelease),
      token,
    },
  ];
}

/** A tool that cuts the release in CI: the tag and a published release. */
const cuttingUse = (action: string, tool: string, token: TokenKind): ToolUse => ({
  tool,
  why: `uses ${action}`,
  createsRelease: true,
  createsTag: true,
  draft: false,
  token,
});

/** release-drafter prepares the next release as a draft, unless told to publish it. */
const releaseDrafterUse = (step: Step, token: TokenKind): ToolUse => ({
  tool: "release-drafter",
  why: "uses release-drafter (it prepares the next release as a draft)",
  createsRelease: true,
  createsTag: false,
  draft: truthy(step.with.publish) ? false : true,
  draftsNotes: !truthy(step.with.publish),
  token,
});

/** tauri-action given a `tagName` and no `releaseId` creates the release, except where a release starts it. */
function tauriActionUses(step: Step, c: StepContext, token: TokenKind): ToolUse[] {
  if (step.with.tagName === undefined || step.with.releaseId !== undefined || c.startedOnlyByRelease) return [];
  return [
    {
      tool: "tauri-action",
      why: "uses tauri-apps/tauri-action with tagName (it creates the release)",
      createsRelease: true,
      createsTag: false,
      draft: draftOf(step.with.releaseDraft),
      token,
    },
  ];
}

/** pypa/gh-action-pypi-publish: PyPI, unless its `repository-url` names another index. */
function pypiPublishActionUse(step: Step): ToolUse {
  const url = String(step.with["repository-url"] ?? step.with.repository_url ?? "");
  return {
    tool: "pypa/gh-action-pypi-publish",
    why: "uses pypa/gh-action-pypi-publish",
    createsRelease: false,
    createsTag: false,
    draft: false,
    token: "github-token",
    registry: pypiTarget(["--repository-url", url]),
  };
}

/**
 * changesets/action given a `publish` command (v1), or its `publish` sub-action (v2, which
 * publishes what `pack` packed), tags and publishes packages (to npm), and makes releases
 * unless told not to. Its other sub-actions (`select-mode`, `version`, `pack`) publish nothing.
 */
function changesetsUses(step: Step, subPath: string, token: TokenKind): ToolUse[] {
  const publishes = subPath === "" ? Boolean(step.with.publish) : subPath === "publish";
  if (!publishes) return [];
  const releases = step.with.createGithubReleases ?? step.with["create-github-releases"] ?? true;
  return [
    {
      tool: "changesets",
      why: `uses changesets/action${subPath ? `/${subPath}` : " with publish"} (it tags and publishes packages)`,
      createsRelease: truthy(releases),
      createsTag: true,
      draft: false,
      token,
      registry: "npm",
    },
  ];
}

/**
 * The index a PyPI upload targets, from its words (`--repository testpypi`, `-r`, a
 * `--repository-url`/`--publish-url`/`--index`): TestPyPI when they name it, another
 * index when a URL names something that is not PyPI, else PyPI.
 */
function pypiTarget(words: readonly string[]): Registry {
  if (words.some((w) => /test\W?pypi/i.test(w))) return "testpypi";
  const at = words.findIndex((w) => /^--(repository-url|publish-url|index-url|index)$/.test(w));
  const url = at >= 0 ? (words[at + 1] ?? "") : "";
  return url && !/pypi/i.test(url) ? "other" : "pypi";
}

/** Runners that run a tool without installing it (`pipx run twine`, `uvx twine`, `uv run twine`, `python -m twine`). */
const RUNNERS: readonly (readonly string[])[] = [
  ["pipx", "run"],
  ["uv", "tool", "run"],
  ["uv", "run"],
  ["uvx"],
  ["poetry", "run"],
  ["pdm", "run"],
  ["pipenv", "run"],
  ["rye", "run"],
  ["hatch", "run"],
];

/** The command a runner runs, for the tools below; `npx`-style runners are read where they matter. */
export function unwrapRunner(words: readonly string[]): readonly string[] {
  let w = words;
  for (let again = true; again; ) {
    again = false;
    for (const r of RUNNERS)
      if (r.every((x, i) => w[i] === x) && w.length > r.length) {
        w = w.slice(r.length).filter((x, i, all) => !(i === 0 && x.startsWith("-") && all.length > 1));
        again = true;
      }
    if (/^python3?(\.\d+)?$/.test(w[0] ?? "") && w[1] === "-m" && w[2] === "twine") {
      w = w.slice(2);
      again = true;
    }
  }
  return w;
}

/** What every use a command makes shares, before it says more. */
type UseBase = Pick<ToolUse, "createsRelease" | "createsTag" | "draft" | "token">;

/** Uses of a step's shell commands. */
function commandUses(step: Step, c: StepContext): ToolUse[] {
  const base: UseBase = {
    createsRelease: false,
    createsTag: false,
    draft: false,
    token: envToken(step, c.env) ?? "github-token",
  };
  const out: ToolUse[] = [];
  for (const written of c.commands) {
    const words = unwrapRunner(written);
    if (words[0] === "gh" && words[1] === "release") {
      out.push(...ghReleaseUses(words, c, base));
      continue;
    }
    const api = releasesApiUse(words, c, base);
    if (api) out.push(api);
    const tool = releaseToolUse(words, base);
    if (tool) out.push(tool);
    if (!dryRun(words)) out.push(...pypiUploadUses(words, base), ...packageUploadUses(words, base));
  }
  const script = githubScriptUse(step, c, base);
  return script ? [...out, script] : out;
}

/** `gh release create` (unless a release starts the workflow: it exists) and `gh release edit --draft=false`. */
function ghReleaseUses(words: readonly string[], c: StepContext, base: UseBase): ToolUse[] {
  const out: ToolUse[] = [];
  if (words[2] === "create" && !c.startedOnlyByRelease)
    out.push({
      ...base,
      tool: "gh release create",
      why: "runs `gh release create`",
      createsRelease: true,
      draft: words.includes("--draft") || words.includes("-d"),
    });
  if (words[2] === "edit" && (words.includes("--draft=false") || words.join(" ").includes("--draft false")))
    out.push({ ...base, tool: "gh release edit", why: "runs `gh release edit --draft=false`", publishesDraft: true });
  return out;
}

/** A POST to …/releases through the API (`gh api`, curl): a release created by hand-made requests. */
function releasesApiUse(words: readonly string[], c: StepContext, base: UseBase): ToolUse | undefined {
  const [w0, w1] = words;
  const url = words.find((w) => /\/releases\/?$/.test(w));
  const post =
    words.some((w, j) => (w === "-X" || w === "--method" || w === "--request") && words[j + 1] === "POST") ||
    // `gh api` posts when given fields or a body (`--input`); curl when given data (`--json` too).
    words.some((w) => /^-X?POST$|^--data|^-d$|^-[fF]$|^--(input|json|field|raw-field)$/.test(w));
  if (!url || !post || c.startedOnlyByRelease || !(w0 === "curl" || (w0 === "gh" && w1 === "api"))) return undefined;
  return {
    ...base,
    tool: "releases API",
    why: `POSTs to the releases API with ${w0 === "gh" ? "`gh api`" : "curl"}`,
    createsRelease: true,
    draft: words.some((w) => /"draft"\s*:\s*true|draft=true/.test(w)),
  };
}

/** A release tool run as a command: semantic-release (JavaScript or Python), changelogithub, release-it. */
function releaseToolUse(words: readonly string[], base: UseBase): ToolUse | undefined {
  const [w0, w1] = words;
  const runner = w0 === "npx" || w0 === "pnpx" || w0 === "bunx" ? w1 : w0;
  // Python's semantic-release has subcommands (`version`, `publish`); the JavaScript one has none.
  if (w0 === "semantic-release" && (w1 === "version" || w1 === "publish"))
    return {
      ...base,
      tool: "python-semantic-release",
      why: `runs \`semantic-release ${w1}\``,
      createsRelease: true,
      createsTag: true,
    };
  // changelogithub writes the release of the pushed tag from the commits; release-it bumps, tags and releases.
  if (runner === "changelogithub")
    return {
      ...base,
      tool: "changelogithub",
      why: "runs changelogithub (it creates the tag's release)",
      createsRelease: true,
      draft: words.includes("--draft"),
    };
  if (runner === "release-it")
    return { ...base, tool: "release-it", why: "runs release-it", createsRelease: true, createsTag: true };
  if (/^(multi-)?semantic-release$/.test(runner ?? ""))
    return { ...base, tool: "semantic-release", why: "runs semantic-release", createsRelease: true, createsTag: true };
  return undefined;
}

/** A rehearsal publishes nothing (`--dry-run`, spelt alike by poetry, uv, cargo, npm and pod). */
const dryRun = (words: readonly string[]) => words.includes("--dry-run");

/** Publishers to the registries of other ecosystems: Rust crates, CocoaPods trunk, npm. */
function packageUploadUses(words: readonly string[], base: UseBase): ToolUse[] {
  const [w0, w1, w2] = words;
  if (w0 === "cargo" && w1 === "publish")
    return [{ ...base, tool: "cargo publish", why: "runs `cargo publish`", registry: "crates" }];
  if (w0 === "pod" && w1 === "trunk" && w2 === "push")
    return [{ ...base, tool: "pod trunk push", why: "runs `pod trunk push`", registry: "cocoapods" }];
  if ((w0 === "npm" || w0 === "pnpm") && w1 === "publish")
    return [{ ...base, tool: `${w0} publish`, why: `runs \`${w0} publish\``, registry: "npm" }];
  return [];
}

/** `twine upload`, `uv|poetry|hatch|flit|pdm publish` and `uv-publish`, with the index each targets. */
function pypiUploadUses(words: readonly string[], base: UseBase): ToolUse[] {
  const [w0, w1] = words;
  const out: ToolUse[] = [];
  if (w0 === "twine" && w1 === "upload")
    out.push({ ...base, tool: "twine", why: "runs `twine upload`", registry: pypiTarget(words) });
  // uv-publish documents itself as `uv publish` run with ~/.pypirc's credentials (`--repository` picks its entry).
  if (w0 === "uv-publish")
    out.push({
      ...base,
      tool: "uv-publish",
      why: "runs `uv-publish` (it runs `uv publish`)",
      registry: pypiTarget(words),
    });
  for (const tool of ["uv", "poetry", "hatch", "flit", "pdm"])
    if (w0 === tool && w1 === "publish")
      out.push({ ...base, tool: `${tool} publish`, why: `runs \`${tool} publish\``, registry: pypiTarget(words) });
  return out;
}

/** `createRelease(...)` called in actions/github-script (unless a release starts the workflow). */
function githubScriptUse(step: Step, c: StepContext, base: UseBase): ToolUse | undefined {
  const script = typeof step.with.script === "string" ? step.with.script : "";
  const creates = /\bcreateRelease\s*\(|\brequest\s*\(\s*['"`]POST \/repos\/[^'"`]*\/releases['"`]/.test(script);
  if (actionOf(step) !== "actions/github-script" || !creates || c.startedOnlyByRelease) return undefined;
  return {
    ...base,
    tool: "actions/github-script",
    why: "creates a release through the releases API in actions/github-script",
    createsRelease: true,
    draft: /\bdraft\s*:\s*true\b/.test(script),
    token: tokenOf(step.with["github-token"]) ?? "github-token",
  };
}

/** Everything a step does in the catalog's terms (a release tool, a release action, a publisher). */
export function toolUses(step: Step, c: StepContext): ToolUse[] {
  return [...actionUses(step, c), ...commandUses(step, c)];
}

/** The use that creates or publishes the GitHub release, if the step has one. */
export function releaseMaker(step: Step, c: StepContext): ToolUse | undefined {
  return toolUses(step, c).find((u) => u.createsRelease || u.publishesDraft);
}

/** The workflows a step starts by dispatching them (`gh workflow run X`), which GITHUB_TOKEN may do. */
export function dispatchedWorkflows(step: Step, commands: readonly string[][]): string[] {
  const out: string[] = [];
  for (const words of commands)
    if (words[0] === "gh" && words[1] === "workflow" && words[2] === "run" && words[3] && !words[3].includes("$X"))
      out.push(words[3].split("/").at(-1)!);
  const action = actionOf(step);
  const wf = step.with.workflow;
  if (typeof wf === "string" && /workflow-dispatch/.test(action ?? "")) out.push(wf.split("/").at(-1)!);
  const script = typeof step.with.script === "string" ? step.with.script : "";
  for (const m of script.matchAll(/workflow_id\s*:\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

/** A step that publishes a package or makes a release, where it is. */
export interface ToolSite {
  /** the workflow's path (`.github/workflows/publish.yml`) */
  workflow: string;
  job: string;
  /** the step's index in its job */
  index: number;
  use: ToolUse;
}

/**
 * Every tool use of every step (`steps` from `readStepCommands`, or built by hand with
 * `commands: []` when only `uses:` matters), for a reader such as adoption that asks
 * "who publishes to PyPI here, and on which release line does that run?". `startedOnly`
 * says whether only release events start a workflow (then release actions upload).
 */
export function toolSites(
  steps: readonly {
    workflow: { path: string; env: Record<string, unknown> };
    job: { id: string; env: Record<string, unknown> };
    step: Step;
    index: number;
    commands: readonly { words: string[] }[];
  }[],
  startedOnly: (workflowPath: string) => boolean = () => false,
): ToolSite[] {
  return steps.flatMap((sc) =>
    toolUses(sc.step, {
      env: { ...sc.workflow.env, ...sc.job.env },
      commands: sc.commands.map((c) => c.words),
      startedOnlyByRelease: startedOnly(sc.workflow.path),
    }).map((use) => ({ workflow: sc.workflow.path, job: sc.job.id, index: sc.index, use })),
  );
}

/** The package publishers among the sites (PyPI, TestPyPI, npm...). */
export const publishers = (sites: readonly ToolSite[]) => sites.filter((s) => s.use.registry !== undefined);

/**
 * How a step attaches files to a release: into the release of its tag (or the one it is
 * given) when that exists, whatever its state; when none exists, what it does: creates it
 * published and then uploads ("published"), creates a draft it leaves ("draft"), creates a
 * draft it publishes once the files are in ("draft-until-uploaded"), or fails ("none").
 */
export interface ReleaseUpload {
  tool: string;
  why: string;
  whenMissing: "published" | "draft" | "draft-until-uploaded" | "none";
}

type Missing = ReleaseUpload["whenMissing"];

/** Actions that attach files to a release: the inputs that name the files, and what each does without a release. */
const UPLOADERS: Record<string, { inputs: string[]; whenMissing: (w: Step["with"]) => Missing }> = {
  "softprops/action-gh-release": { inputs: ["files"], whenMissing: (w) => (truthy(w.draft) ? "draft" : "published") },
  // It creates a new release as a draft and publishes it after the artifacts (its issue #540).
  "ncipollo/release-action": { inputs: ["artifacts"], whenMissing: () => "draft-until-uploaded" },
  // It finds the release by tag, where drafts are invisible, and creates it published when missing.
  "svenstaro/upload-release-action": { inputs: ["file"], whenMissing: () => "published" },
  "actions/upload-release-asset": { inputs: ["asset_path"], whenMissing: () => "none" },
  "shogo82148/actions-upload-release-asset": { inputs: ["asset_path"], whenMissing: () => "none" },
  "alexellis/upload-assets": { inputs: ["asset_paths"], whenMissing: () => "none" },
  "tauri-apps/tauri-action": {
    inputs: ["releaseId", "tagName"],
    whenMissing: (w) => (w.releaseId !== undefined ? "none" : truthy(w.releaseDraft) ? "draft" : "published"),
  },
};

/** The toolkit's own uploads (into the cut's draft; `--skip-upload` uploads nothing). */
const TOOLKIT_UPLOADS = /(^|\/)(tasks\/upload-assets\.ts|tasks\/updater-manifest\.ts|tasks\/finalize-macos\.ts)$/;

/**
 * Every way a step attaches files to a GitHub release: the upload actions, `gh release
 * upload`, the toolkit's upload entries, GoReleaser. `readFile` reads a repository file
 * (GoReleaser's configuration); without it GoReleaser's defaults are assumed.
 */
export function releaseUploads(step: Step, c: StepContext & { readFile?: ReadFile }): ReleaseUpload[] {
  const out: ReleaseUpload[] = [];
  const action = actionOf(step);
  const known = action ? UPLOADERS[action] : undefined;
  if (known && known.inputs.some((i) => step.with[i] !== undefined))
    out.push({
      tool: action!,
      why: `${action} attaches \`${known.inputs.find((i) => step.with[i] !== undefined)}\``,
      whenMissing: known.whenMissing(step.with),
    });
  for (const words of c.commands) {
    if (words[0] === "gh" && words[1] === "release" && words[2] === "upload")
      out.push({ tool: "gh release upload", why: "`gh release upload` attaches files", whenMissing: "none" });
    if (words.some((w) => TOOLKIT_UPLOADS.test(w)) && !words.includes("--skip-upload"))
      out.push({ tool: "the toolkit's upload", why: "the toolkit's upload attaches the assets", whenMissing: "none" });
  }
  const goreleaser = goreleaserRelease(step, c.commands);
  if (goreleaser && goreleaserUploads(goreleaser, c.readFile))
    out.push({
      tool: "goreleaser",
      why: "GoReleaser attaches its artifacts (to the tag's release when one exists; else to a draft it publishes afterwards)",
      whenMissing: "draft-until-uploaded",
    });
  return out;
}

export type ReadFile = (repoPath: string) => string | undefined;

/** A `goreleaser release` run (the action, whose default command is `release`, or a command): its arguments and folder. */
function goreleaserRelease(step: Step, commands: readonly string[][]): { args: string[]; dir: string } | undefined {
  const dir = step.workingDirectory ?? ".";
  if (actionOf(step) === "goreleaser/goreleaser-action") {
    const args = String(step.with.args ?? "")
      .split(/\s+/)
      .filter(Boolean);
    return releasing(args) ? { args, dir: String(step.with.workdir ?? ".") } : undefined;
  }
  const words = commands.find((w) => w[0] === "goreleaser" && releasing(w.slice(1)));
  return words ? { args: words.slice(1), dir } : undefined;
}

/** `release` (or no command, which is `release`), not a snapshot, a draft or a run that skips publishing. */
function releasing(args: readonly string[]): boolean {
  const command = args.find((a) => !a.startsWith("-"));
  if (command !== undefined && command !== "release") return false;
  const skips = args.some(
    (a, i) => /^--skip(=|$)/.test(a) && /publish|release/.test(a.includes("=") ? a : (args[i + 1] ?? "")),
  );
  return !skips && !args.some((a) => /^--(snapshot|skip-publish|draft)$/.test(a));
}

/**
 * Whether GoReleaser's configuration leaves the GitHub upload on: not `release.disable`,
 * not `release.skip_upload`, not `release.draft` (a draft of its own). The file is the one
 * `--config`/`-f` names, else `.goreleaser.y(a)ml` or `goreleaser.y(a)ml` in its folder.
 */
function goreleaserUploads(run: { args: string[]; dir: string }, readFile: ReadFile | undefined): boolean {
  if (!readFile) return true;
  const at = run.args.findIndex((a) => a === "--config" || a === "-f");
  const given = at >= 0 ? run.args[at + 1] : run.args.find((a) => a.startsWith("--config="))?.slice(9);
  const names = given ? [given] : [".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"];
  const text = names.map((n) => readFile(posixJoin(run.dir, n))).find((t) => t !== undefined);
  if (text === undefined) return true;
  let release: Record<string, unknown> = {};
  try {
    const doc = yaml().parse(text) as { release?: Record<string, unknown> } | null;
    release = doc?.release && typeof doc.release === "object" ? doc.release : {};
  } catch {
    return true;
  }
  return !truthy(release.disable) && !truthy(release.skip_upload) && !truthy(release.draft);
}

const posixJoin = (dir: string, file: string) =>
  dir === "." || dir === "" ? file : `${dir.replace(/\/+$/, "")}/${file}`;

/**
 * Files a step attaches to a release that already exists: `gh release upload`, a release
 * action in a workflow only a release starts (elsewhere `toolUses` names it: it makes the
 * release), tauri-action given a `releaseId`. A release maker is not listed here.
 */
export function assetUploads(step: Step, c: StepContext): ToolUse[] {
  const out: ToolUse[] = [];
  const token = envToken(step, c.env) ?? "github-token";
  const base = { createsRelease: false, createsTag: false, draft: false, token } as const;
  for (const words of c.commands)
    if (words[0] === "gh" && words[1] === "release" && words[2] === "upload")
      out.push({ ...base, tool: "gh release upload", why: "runs `gh release upload`" });
  const action = actionOf(step);
  const inputs = action && action !== "tauri-apps/tauri-action" ? UPLOADERS[action]?.inputs : undefined;
  const maker = action !== undefined && (action in RELEASE_ACTIONS || action === "tauri-apps/tauri-action");
  if (inputs && inputs.some((i) => step.with[i] !== undefined) && (!maker || c.startedOnlyByRelease))
    out.push({ ...base, tool: action!, why: `uses ${action} to attach files to the release` });
  const tauriUploads = step.with.releaseId !== undefined || (c.startedOnlyByRelease && step.with.tagName !== undefined);
  if (action === "tauri-apps/tauri-action" && tauriUploads)
    out.push({ ...base, tool: "tauri-action", why: "uses tauri-apps/tauri-action to attach the app to the release" });
  return out;
}

/** The words a version command takes for "the next version by this rule" (poetry, hatch, npm). */
const BUMP_RULES =
  /^(major|minor|patch|pre(major|minor|patch|release)|a|b|rc|alpha|beta|post|dev|release|from-git)(,\w+)*$/;

/** `poetry|hatch|npm version X`: a bump by a rule word, or a version given outright (from a tag, an input...). */
function versionSet(w: readonly string[], tool: string): "bump" | "set" | undefined {
  if (w[0] !== tool || w[1] !== "version") return undefined;
  const arg = w.slice(2).find((x) => !x.startsWith("-"));
  if (arg === undefined) return undefined;
  return BUMP_RULES.test(arg) ? "bump" : "set";
}

const BUMPERS: { match: (w: readonly string[]) => "bump" | "set" | undefined; tool: string }[] = [
  { tool: "bump-my-version", match: (w) => (w[0] === "bump-my-version" && w[1] === "bump" ? "bump" : undefined) },
  { tool: "bump2version", match: (w) => (w[0] === "bump2version" || w[0] === "bumpversion" ? "bump" : undefined) },
  { tool: "poetry version", match: (w) => versionSet(w, "poetry") },
  { tool: "hatch version", match: (w) => versionSet(w, "hatch") },
  {
    tool: "uv version",
    match: (w) => (w[0] === "uv" && w[1] === "version" && w.includes("--bump") ? "bump" : undefined),
  },
  { tool: "npm version", match: (w) => versionSet(w, "npm") },
  {
    tool: "commitizen",
    match: (w) => ((w[0] === "cz" || w[0] === "commitizen") && w[1] === "bump" ? "bump" : undefined),
  },
];

/** `git tag` options that read or delete tags rather than make one. */
const TAG_READS =
  /^(-l|--list|-d|--delete|-v|--verify|-n\d*|--contains|--no-contains|--points-at|--merged|--no-merged|--sort|--column|--format)(=|$)/;
/** `git tag` options that take a value (the message, its file, the signing key...). */
const TAG_VALUE_OPTIONS = new Set(["-m", "--message", "-F", "--file", "-u", "--local-user", "--cleanup", "--trailer"]);

/** The tag a `git tag` command makes (its first operand), or nothing when it lists, verifies or deletes. */
export function tagMade(w: readonly string[]): string | undefined {
  if (w[0] !== "git" || w[1] !== "tag" || w.some((x) => TAG_READS.test(x))) return undefined;
  for (let i = 2; i < w.length; i++) {
    if (TAG_VALUE_OPTIONS.has(w[i]!) || /^-[a-zA-Z]*[mFu]$/.test(w[i]!)) i++;
    else if (!w[i]!.startsWith("-")) return w[i];
  }
  return undefined;
}

/** `-f`, `--force` (alone or among short flags, `-fa`): a tag re-pointed or a push that overwrites. */
const forced = (x: string) => x === "--force" || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(x);

/**
 * Tags a step deletes (`git tag -d`, `git push origin :name`) before making them again:
 * a floating alias moved to the new release (an action's `v4`), not a new release's tag.
 */
function movedTags(commands: readonly string[][]): Set<string> {
  const out = new Set<string>();
  for (const w of commands) {
    if (w[0] === "git" && w[1] === "tag" && w.some((x) => x === "-d" || x === "--delete"))
      for (const x of w.slice(2)) if (!x.startsWith("-")) out.add(x);
    if (w[0] === "git" && w[1] === "push") for (const x of w.slice(2)) if (x.startsWith(":")) out.add(x.slice(1));
  }
  return out;
}

/** Whether a `git push` sends one of these tags (by name or a `refs/tags/` refspec); a deletion sends none. */
function pushesMade(w: readonly string[], made: ReadonlySet<string>): boolean {
  if (w[0] !== "git" || w[1] !== "push" || w.some((x) => x === "--delete" || x === "-d")) return false;
  const refs = w.slice(2).filter((x) => !x.startsWith("-"));
  const tagRef = (r: string) => r.startsWith("refs/tags/") || made.has(r.split(":")[0]!.replace(/^\+/, ""));
  return refs.slice(1).some(tagRef) || (refs[0] === "tag" && refs.length > 1);
}

/**
 * A workflow step that makes a tag with plain `git tag` and pushes it (by name or as a
 * `refs/tags/` refspec; `--tags` is `versionBumps`'): CI making the release's tag, a tag
 * maker beside the cut. A push of a branch only, and `git tag -l`/`-d`, make none; nor
 * does a moved tag (forced, or deleted and made again): an alias of a release that exists. (A person's script
 * that tags and pushes is a release by hand, which the cut takes over: not read here.)
 */
export function tagsMadeAndPushed(commands: readonly string[][]): ToolUse[] {
  const moved = movedTags(commands);
  const made = new Set(
    commands
      .filter((w) => !w.some(forced))
      .map(tagMade)
      .filter((t): t is string => t !== undefined && !moved.has(t)),
  );
  if (!made.size) return [];
  const base = { createsRelease: false, draft: false, token: "github-token" } as const;
  return commands
    .filter((w) => pushesMade(w, made) && !w.some((x) => forced(x) || x.startsWith("+")))
    .map((w) => ({
      ...base,
      tool: "git tag",
      why: `makes a tag with \`git tag\` and pushes it (\`${w.join(" ")}\`)`,
      createsTag: true,
    }));
}

/**
 * Commands that bump the version files (a bump tool) or push tags (`git push --tags`,
 * `--follow-tags`): together, a job that releases on every push. `around`: the whole
 * step, script or Makefile rule the commands belong to.
 */
export function versionBumps(commands: readonly string[][], around: readonly string[][] = commands): ToolUse[] {
  const out: ToolUse[] = [];
  const base = { createsRelease: false, createsTag: false, draft: false, token: "github-token" } as const;
  // A version given outright (`poetry version $TAG` in a build from the tag) only sets this build's
  // version; it bumps the project only when the commands `around` it (its step, script or rule) commit it.
  const commits = around.some((w) => w[0] === "git" && w[1] === "commit");
  for (const w of commands) {
    const bumper = BUMPERS.find((b) => b.match(w) === "bump" || (b.match(w) === "set" && commits));
    if (bumper) out.push({ ...base, tool: bumper.tool, why: `runs \`${w.slice(0, 3).join(" ")}\`` });
    if (w[0] === "git" && w[1] === "push" && (w.includes("--tags") || w.includes("--follow-tags")))
      out.push({ ...base, tool: "git push --tags", why: `runs \`${w.join(" ")}\``, createsTag: true });
  }
  return out;
}
