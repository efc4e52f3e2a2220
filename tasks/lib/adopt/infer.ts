/**
 * From the repository's facts to a release config: each value with where it came
 * from, the questions inference could not answer (never a silent default that may be
 * wrong), and the facts the config cannot express yet (written as commented
 * suggestions for the sections other issues add). One named step per part of the
 * config, in the order the config reads. Pure.
 */
import { posix } from "node:path";
import { inferKind, parseRepoSlug } from "../core/config/load.ts";
import { rec } from "../core/records.ts";
import { yaml } from "../workflows/yaml.ts";
import type { RepositoryFacts } from "./facts.ts";
import {
  inferContext,
  json,
  str,
  type InferContext,
  type InferOptions,
  type InferredValue,
  type Question,
  type Suggestion,
} from "./infer-context.ts";
import { askAboutLastRelease } from "./infer-history.ts";
import { inferTagPrefix } from "./infer-lines.ts";
import { cliSpecs, inferWorkflows } from "./infer-workflows.ts";
import { decideTargets, type Offers, type TargetPlan } from "./one-publisher.ts";
import type { FoundTool } from "./release-automation.ts";
import type { TauriApp } from "./tauri-facts.ts";
import type { RunnerChange } from "./workflow-facts.ts";

export type { InferOptions, InferredValue, Question, Suggestion } from "./infer-context.ts";

export interface Inference {
  values: InferredValue[];
  questions: Question[];
  suggestions: Suggestion[];
  /** what adoption found, for the summary and the checks of bad input */
  found: { python: boolean; app: TauriApp | undefined; versionFiles: string[]; fromTag: boolean };
  /** runner labels of the hand-written release builds that GitHub retired, and what is written instead */
  runnerChanges: RunnerChange[];
  /** the old release flow's publishers and release tools (the toolkit's own files left out) */
  automation: FoundTool[];
  /** one publisher per target: what adoption does with each */
  targets: TargetPlan[];
}

export function inferConfig(facts: RepositoryFacts, opts: InferOptions): Inference {
  const c = inferContext(facts, opts);
  inferIdentity(c);
  const { prefix, tags } = inferTagPrefix(c);
  const changelog = inferChangelog(c);
  const versionFiles = inferVersionFiles(c, prefix, Boolean(tags?.active.length));
  const lockfiles = inferLockfiles(c, versionFiles);
  const automation = facts.automation.tools.filter((t) => c.own(t.where.path));
  const targets = decideTargets({ tools: automation, offers: offers(c), replace: opts.replace === true, prefix });
  inferWorkflows(c, targets);
  for (const hook of rewritingHooks(facts, [...versionFiles, ...lockfiles, changelog ?? "CHANGELOG.md"]))
    c.suggest("release files (issue 14)", hook, ".pre-commit-config.yaml");
  return {
    values: c.values,
    questions: c.questions,
    suggestions: c.suggestions,
    found: { python: c.python, app: c.app, versionFiles, fromTag: c.value("versioning.fromTag") !== undefined },
    runnerChanges: c.wf.runnerChanges,
    automation,
    targets,
  };
}

/** What the toolkit has to publish here, before the existing publishers are weighed. */
function offers(c: InferContext): Offers {
  return { pypi: c.python, app: c.app !== undefined, cli: c.python && cliSpecs(c).cliName !== undefined };
}

/** name, repository, branch. */
function inferIdentity(c: InferContext): void {
  const { facts, app } = c;
  const sources = facts.versionSources;
  const pkg = json(facts, "package.json");
  if (app?.productName) c.set("name", app.productName, `${app.confPath} productName`);
  else if (app?.crateName)
    c.set("name", app.crateName, `${app.dir}/Cargo.toml [package].name (Tauri's name without productName)`);
  else if (sources.pythonName) c.set("name", sources.pythonName.value, sources.pythonName.why);
  else if (str(pkg?.name)) c.set("name", pkg!.name, "package.json name");
  else {
    c.set("name", facts.folder, "the repository folder's name");
    c.ask("name", "What is the project's display name in release titles? (no product or package name was found)");
  }
  const slug = facts.git.originUrl ? parseRepoSlug(facts.git.originUrl) : undefined;
  if (slug && /github\.com[:/]/.test(facts.git.originUrl!)) c.set("repository", slug, "the origin remote's URL");
  else c.ask("repository", "Which GitHub repository is this (owner/name)? origin is not a GitHub URL");
  if (facts.git.branch) c.set("branch", facts.git.branch, "the checked-out branch");
  else c.ask("branch", "Which branch are releases cut from? HEAD is detached");
}

const ROOT_CHANGELOGS = ["CHANGELOG.md", "CHANGELOG", "CHANGES.md", "HISTORY.md", "NEWS.md"];
const CHANGELOG_NAME = /^(changelog|changes|history|news|release[-_]?notes|releases)\.(md|markdown|rst)$/i;
const CHANGELOG_DIR = /(^|\/)(changelog|changes|history|release[-_]?notes)$/i;

/**
 * The project's CHANGELOG: one at the root, else one kept with the docs (`docs/changelog.md`,
 * `docs/history/<name>.md` when the history folder holds one file per package).
 */
export function changelogOf(c: InferContext): string | undefined {
  const root =
    ROOT_CHANGELOGS.find(c.has) ?? c.facts.paths.find((p) => /^(CHANGELOG|CHANGES|HISTORY)\.rst$/i.test(p) && c.own(p));
  if (root) return root;
  const name = c.facts.versionSources.pythonName?.value.toLowerCase();
  const docs = c.facts.paths.filter((p) => p.startsWith("docs/") && c.own(p) && p.split("/").length <= 4);
  const named = docs.filter((p) => CHANGELOG_NAME.test(posix.basename(p)));
  const inFolder = docs.filter(
    (p) =>
      CHANGELOG_DIR.test(posix.dirname(p)) &&
      /\.(md|rst)$/i.test(p) &&
      name !== undefined &&
      posix
        .basename(p)
        .replace(/\.(md|rst)$/i, "")
        .toLowerCase() === name,
  );
  const rank = (p: string) => (p.endsWith(".rst") ? 1 : 0) * 100 + p.split("/").length;
  return [...named, ...inFolder].sort((a, b) => rank(a) - rank(b))[0];
}

function inferChangelog(c: InferContext): string | undefined {
  const changelog = changelogOf(c);
  if (changelog && !/\.(md|markdown)$/i.test(changelog) && changelog !== "CHANGELOG") {
    // The cut writes Markdown: a reStructuredText history stays the maintainer's to edit.
    c.set("changelog.path", changelog, `the project keeps its changes in ${changelog}`);
    c.set("changelog.keep", false, `${changelog} is not Markdown: the cut writes the release notes only`);
    c.ask(
      "changelog.keep",
      `${changelog} is the project's changelog, in a format the cut does not write (it writes Markdown): it is left to you (keep: false). Set keep: true with a Markdown file to have the cut write one`,
    );
  } else if (changelog) {
    // no [Unreleased] needed: the cut puts each section above the newest one
    c.set(
      "changelog.path",
      changelog,
      changelog.includes("/") ? "the changelog kept with the docs" : "the file at the repository root",
    );
    c.suggest(
      "changelog (issue 10)",
      "the CHANGELOG's heading and category style is read from the file at release time",
      changelog,
    );
  } else {
    // Many projects keep their notes on GitHub's releases only: the cut starts a file unless told not to.
    c.set("changelog.path", "CHANGELOG.md", "no CHANGELOG found: the toolkit's default");
    c.set("changelog.keep", true, "no CHANGELOG found: the first cut creates CHANGELOG.md (Keep a Changelog)");
    c.ask(
      "changelog.keep",
      "No CHANGELOG.md was found: the first cut creates one (Keep a Changelog). Keep true, or set false if the project keeps its notes only on GitHub's releases (the cut then writes the release notes only)",
    );
  }
  return changelog;
}

/** The version files by the ecosystems' rules (core/version-sources), shared with the zero-config plan. */
function inferVersionFiles(c: InferContext, prefix: string, tagged: boolean): string[] {
  const sources = c.facts.versionSources;
  const files = sources.files.filter((f) => c.own(f.path));
  if (sources.fromTag)
    c.set(
      "versioning.fromTag",
      sources.fromTag.tool,
      `${sources.fromTag.why}: the tag is the version, nothing to bump`,
    );
  if (files.length)
    c.set(
      "versionFiles",
      files.map((f) =>
        f.variable
          ? { path: f.path, kind: f.kind, variable: f.variable }
          : kindOf(f.path) === f.kind
            ? f.path
            : { path: f.path, kind: f.kind },
      ),
      sources.files.map((f) => `${f.path}: ${f.why}`).join("; "),
    );
  else if (!sources.fromTag && tagged && !c.python && !c.app && !sources.questions.length)
    // Nothing but the tags records a version (a GitHub Action, a container, a docs site): the cut tags, nothing to bump.
    c.set(
      "versioning.fromTag",
      "git tag",
      `no file carries a version and the releases are tagged (${prefix}X.Y.Z): the tag is the version`,
    );
  else if (!sources.fromTag) c.ask("versionFiles", "Which files carry the version, or is it the tag? None was found");
  for (const q of sources.questions) c.ask("versionFiles", q);
  for (const n of sources.notes) c.suggest("versionFiles", n, "version sources");
  // Files behind the last release, a release without a tag: asked as the plan counts them.
  askAboutLastRelease(c, prefix);
  return files.map((f) => f.path);
}

function inferLockfiles(c: InferContext, versionFiles: string[]): string[] {
  const lockfiles: { path: string; command: string[] }[] = [];
  if (c.has("uv.lock")) lockfiles.push({ path: "uv.lock", command: ["uv", "lock"] });
  if (c.app && c.has(`${c.app.dir}/Cargo.lock`))
    lockfiles.push({
      path: `${c.app.dir}/Cargo.lock`,
      command: ["cargo", "update", "--workspace", "--manifest-path", `${c.app.dir}/Cargo.toml`],
    });
  for (const v of versionFiles.filter((p) => p.endsWith("package.json"))) {
    const lock = v.replace(/package\.json$/, "package-lock.json");
    if (c.has(lock)) {
      const dir = v === "package.json" ? [] : ["--prefix", v.slice(0, -"/package.json".length)];
      lockfiles.push({ path: lock, command: ["npm", "install", "--package-lock-only", "--ignore-scripts", ...dir] });
    }
  }
  if (lockfiles.length) c.set("lockfiles", lockfiles, lockfiles.map((l) => l.path).join(", ") + " exist");
  if (c.has("uv.lock"))
    c.suggest(
      "lockfiles (issue 14)",
      "uv.lock stores its resolver options; refresh it with the same options",
      "uv.lock",
    );
  return lockfiles.map((l) => l.path);
}

/** The kind a path gets from its name, or undefined when its name says none. */
function kindOf(path: string): string | undefined {
  try {
    return inferKind(path);
  } catch {
    return undefined;
  }
}

/** Pre-commit hooks whose `files` pattern matches a file the release commit stages. */
export function rewritingHooks(facts: RepositoryFacts, staged: string[]): string[] {
  const text = facts.files[".pre-commit-config.yaml"];
  if (!text) return [];
  let doc: Record<string, unknown>;
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
