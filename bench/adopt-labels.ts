/**
 * Adoption and the zero-config plan against hand-written labels (bench/labels/adopt-*.tsv):
 * `npm run bench -- adopt --labels FILE --mirrors DIR`, where DIR holds one bare snapshot
 * per repository as `<owner>+<name>/repo` (the layout the search tool's fetch gives). Each
 * repository is cloned into a temp dir at the labelled commit (large files the snapshot
 * lacks are left out of the checkout and listed); adoption runs with
 * `--dry-run --json` (nothing written) and the release entry with `--json`
 * (no release.config.ts: the zero-config plan). Reports the share of labelled values
 * adoption infers right (publishers included: the tools adoption lists as the old flow),
 * the repositories where adoption would leave two publishers for one target (judged from
 * the labelled publishers and what adoption decides for each target), and where the
 * zero-config plan blocks or proposes a wrong version. A repository that cannot be run is
 * listed with git's or the tool's words and each of its labelled values counts wrong; the
 * summary always prints.
 *
 * Development half: `npm run bench -- adopt --labels bench/labels/adopt-dev.tsv --mirrors DIR`.
 * Held-out half, run once by its evaluator after labelling it (same columns):
 * `npm run bench -- adopt --labels bench/labels/adopt-heldout.tsv --mirrors DIR`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inc, isPrerelease, isValid, release } from "../tasks/lib/release/version.ts";
import { checkoutAt } from "./checkout.ts";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const ENV = {
  ...process.env,
  NO_COLOR: "1",
  GH_TOKEN: "",
  GITHUB_TOKEN: "",
  CI: "",
  GITHUB_ACTIONS: "",
  GITHUB_REPOSITORY: "",
};

export const VALUES = [
  "name",
  "tagPrefix",
  "versionFiles",
  "changelog",
  "publishers",
  "pypiEnvironment",
  "pythonVersion",
  "platforms",
  "sidecar",
  "planVersion",
] as const;
type Value = (typeof VALUES)[number];
type Row = Record<string, string>;

export function readLabels(file: string): Row[] {
  const [head, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const cols = head!.split("\t");
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [cols[i]!, v])));
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: ENV });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string): Record<string, any> | undefined {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

interface AdoptedTool {
  tool: string;
  targets: string[];
  role: string;
  registry?: string;
}

interface Adopted {
  values: Map<string, unknown>;
  questions: { key: string; question: string }[];
  /** the old flow's publishers and release tools adoption lists */
  tools: AdoptedTool[];
  /** what adoption does with each target (generate, keep, replace, refuse, ask, none) */
  decisions: Map<string, string>;
  /** why adoption stops rather than leave two publishers */
  conflicts: string[];
  refused?: string;
}

function adopt(work: string, ...extra: string[]): Adopted {
  const r = run(
    TSX,
    [
      join(ROOT, "tasks", "adopt.ts"),
      "--repo",
      work,
      "--json",
      "--dry-run",
      "--toolkit-dir",
      "tools/release",
      ...extra,
    ],
    ROOT,
  );
  const doc = json(r.stdout);
  const none = { values: new Map(), questions: [], tools: [], decisions: new Map(), conflicts: [] };
  if (!doc) return { ...none, refused: `no JSON (exit ${r.code}): ${r.stderr.slice(-300)}` };
  if (doc.error) return { ...none, refused: `${doc.error.code}: ${doc.error.message}` };
  return {
    values: new Map(doc.values.map((v: { key: string; value: unknown }) => [v.key, v.value])),
    questions: doc.questions,
    tools: doc.oldFlow?.tools ?? [],
    decisions: new Map((doc.targets ?? []).map((t: { target: string; decision: string }) => [t.target, t.decision])),
    conflicts: (doc.publisherConflicts ?? []).map((c: { message: string }) => c.message),
  };
}

interface Planned {
  target: string | null;
  blockedBy: string[];
}

const PLAN_CHECKS = /^(git\.branch|git\.tag-exists|git\.release-tag-ahead|git\.tags-off-history|version\.)/;

function plan(work: string, extra: string[] = []): Planned {
  const r = run(TSX, [join(ROOT, "release.ts"), "--json", "--repo", work, ...extra], ROOT);
  const doc = json(r.stdout);
  if (!doc) return { target: null, blockedBy: [`no JSON (exit ${r.code}): ${r.stderr.slice(-200)}`] };
  if (doc.error && !doc.plan) return { target: null, blockedBy: [`${doc.error.code}: ${doc.error.message}`] };
  const failing = (doc.checks ?? []).filter(
    (c: { id: string; status: string }) => c.status === "fail" && PLAN_CHECKS.test(c.id),
  );
  const blockedBy = failing.map((c: { id: string; message: string }) => `${c.id}: ${c.message.split("\n")[0]}`);
  if (!doc.plan?.target) blockedBy.push(`no target: ${doc.plan?.problem ?? doc.error?.message ?? "?"}`);
  return { target: doc.plan?.target ?? null, blockedBy };
}

/** Whether a proposed version answers the label: `=X` exactly, `>X` any next release after X. */
export function versionRight(label: string, target: string | null): boolean {
  if (!target) return false;
  if (label.startsWith("=")) return target === label.slice(1);
  const from = label.slice(1);
  if (!isValid(from)) return false;
  const next = new Set<string>([inc(from, "patch"), inc(from, "minor"), inc(from, "major")]);
  if (isPrerelease(from)) next.add(release(from)).add(inc(from, "prerelease"));
  return next.has(target);
}

const paths = (v: unknown) =>
  Array.isArray(v) ? v.map((f) => (typeof f === "string" ? f : (f as { path: string }).path)).sort() : [];
const asked = (a: Adopted, key: string, re = /./) => a.questions.some((q) => q.key === key && re.test(q.question));

/** Right, wrong, or not scored (undefined) for one labelled value. */
export function score(value: Value, label: string, a: Adopted, p: Planned): boolean | undefined {
  if (label === "?" || label === undefined) return undefined;
  const v = (k: string) => a.values.get(k);
  switch (value) {
    case "name":
      return v("name") === label;
    case "tagPrefix":
      return v("tagPrefix") === (label === '""' ? "" : label);
    case "versionFiles": {
      if (label === "from-tag") return typeof v("versioning.fromTag") === "string" && !paths(v("versionFiles")).length;
      return paths(v("versionFiles")).join(",") === label.split(",").sort().join(",");
    }
    case "changelog":
      return label === "-"
        ? asked(a, "changelog.keep", /No CHANGELOG/) || asked(a, "changelog.path", /No CHANGELOG/)
        : v("changelog.path") === label;
    case "publishers":
      return publishersRight(label, a);
    case "pypiEnvironment":
      return label === "none" || label === "-"
        ? v("workflows.pypiEnvironment") === undefined
        : v("workflows.pypiEnvironment") === label;
    case "pythonVersion":
      return label === "-" ? v("workflows.pythonVersion") === undefined : v("workflows.pythonVersion") === label;
    case "platforms":
      return label === "-" ? v("workflows.tauriPlatforms") === undefined : undefined;
    case "sidecar":
      return label === "-" ? v("workflows.sidecar.spec") === undefined : v("workflows.sidecar.spec") === label;
    case "planVersion":
      return !p.blockedBy.length && versionRight(label, p.target);
  }
}

/** The label's short names for catalog tools (`pypi:gh-action-pypi-publish`, `github:softprops`). */
const SHORT: Record<string, string> = { "softprops/action-gh-release": "softprops" };
const short = (tool: string) => SHORT[tool] ?? tool.split("/").at(-1)!.replace(/\s+/g, "-");

/**
 * Adoption's publishers as label tokens: a package index (`pypi:`, `npm:`) for a package
 * publisher, `github:` for a tool that makes the tag or the release. A step that only
 * attaches files to a release, and a TestPyPI upload, is not a publisher here.
 */
export function publisherTokens(tools: readonly AdoptedTool[]): Set<string> {
  const out = new Set<string>();
  for (const t of tools) {
    if (t.role === "uploads") continue;
    if (t.targets.includes("pypi")) out.add(`pypi:${short(t.tool)}`);
    if (t.registry && t.registry !== "pypi" && t.registry !== "testpypi") out.add(`${t.registry}:${short(t.tool)}`);
    if (t.targets.includes("release")) out.add(`github:${short(t.tool)}`);
  }
  return out;
}

/** The same tools, and each labelled publisher listed for its labelled target (a tool may serve more). */
function publishersRight(label: string, a: Adopted): boolean {
  const want = label === "-" ? [] : label.split(",");
  const got = publisherTokens(a.tools);
  const tools = (xs: Iterable<string>) => [...new Set([...xs].map((x) => x.split(":")[1]))].sort().join(",");
  return tools(want) === tools(got) && want.every((w) => got.has(w));
}

/**
 * Two publishers for one target: a labelled publisher that adoption would leave beside its
 * own — PyPI while publish-pypi.yml is generated, a release maker while the cut makes the
 * release. Kept (nothing generated), replaced, refused or asked about is not two.
 */
function doubles(row: Row, a: Adopted): string[] {
  if (a.refused) return [];
  const existing = (row.publishers ?? "").split(",").filter((p) => p && p !== "-");
  const generate = (a.values.get("workflows.generate") as string[] | undefined) ?? [];
  const out: string[] = [];
  const pypi = existing.filter((p) => p.startsWith("pypi:"));
  const pypiDecision = a.decisions.get("pypi");
  if (pypi.length && generate.includes("publish-pypi") && pypiDecision !== "replace")
    out.push(`PyPI: ${pypi.join(" ")} + publish-pypi.yml (${pypiDecision ?? "no decision"})`);
  const releases = existing.filter((p) => p.startsWith("github:"));
  const releaseDecision = a.decisions.get("release");
  if (releases.length && !["refuse", "replace", "ask"].includes(releaseDecision ?? ""))
    out.push(`GitHub release: ${releases.join(" ")} + the cut (${releaseDecision ?? "no decision"})`);
  return out;
}

export interface LabelReport {
  ok: boolean;
}

/** What the run found over every row, printed at the end. */
interface Tally {
  values: Map<Value, { right: number; scored: number }>;
  twoPublishers: string[];
  twoAfterReplace: string[];
  replaceRefused: string[];
  blocks: string[];
  wrongVersion: string[];
  expressions: string[];
  /** rows that could not be run (their labelled values count wrong), and snapshots read without some files */
  failed: string[];
  partial: string[];
}

/** Adoption and the plan on one repository, cloned at its labelled commit into `tmp`. */
function runRow(row: Row, mirrors: string, tmp: string, tally: Tally): string[] {
  const repo = row.repository!;
  const base = join(mirrors, repo.replace("/", "+"), "repo");
  const mirror = existsSync(join(base, ".git")) ? join(base, ".git") : base;
  const work = join(tmp, repo.split("/")[1]!);
  // Stay on the default branch (a detached HEAD would fail git.branch), moved to the labelled commit.
  const branch = run("git", ["--git-dir", mirror, "symbolic-ref", "--short", "HEAD"], tmp).stdout.trim() || "main";
  const head = run("git", ["--git-dir", mirror, "rev-parse", "HEAD"], tmp).stdout.trim();
  const at = row.commit && !head.startsWith(row.commit) ? row.commit : head;
  const { missing } = checkoutAt(mirror, at, work, branch);
  if (missing.length) tally.partial.push(`${repo}: read without ${missing.join(", ")} (not in the snapshot)`);
  const a = adopt(work);
  let p = plan(work);
  // HEAD is the last release itself: nothing to release is right; the version it counts from is read with a patch bump.
  if (p.blockedBy.some((b) => /no commits since the last release/.test(b))) p = plan(work, ["--bump", "patch"]);
  const marks = VALUES.map((value) => {
    const s = score(value, row[value]!, a, p);
    if (s === undefined) return "·";
    const t = tally.values.get(value)!;
    t.scored++;
    if (s) t.right++;
    return s ? "✓" : "✗";
  });
  for (const d of doubles(row, a)) tally.twoPublishers.push(`${repo}: ${d}`);
  // The same with --replace: what is replaced goes; what cannot be is refused, never left beside the toolkit's.
  const replaced = adopt(work, "--replace");
  for (const d of doubles(row, replaced)) tally.twoAfterReplace.push(`${repo}: ${d}`);
  for (const c of replaced.conflicts) tally.replaceRefused.push(`${repo}: ${c.slice(0, 240)}`);
  if (p.blockedBy.length) tally.blocks.push(`${repo}: ${p.blockedBy.join("; ")}`);
  else if (row.planVersion && row.planVersion !== "?" && !versionRight(row.planVersion, p.target))
    tally.wrongVersion.push(`${repo}: proposes ${p.target}, expected ${row.planVersion}`);
  for (const [k, v] of a.values)
    if (JSON.stringify(v).includes("${{")) tally.expressions.push(`${repo}: ${k} = ${JSON.stringify(v)}`);
  const refused = a.refused ? ` (refused: ${a.refused.slice(0, 60)})` : "";
  return [`${repo}${refused}`, ...marks];
}

/** A row that could not be run: every labelled value counts wrong, and the reason is listed. */
function failRow(row: Row, error: unknown, tally: Tally): string[] {
  const nothing: Adopted = { values: new Map(), questions: [], tools: [], decisions: new Map(), conflicts: [] };
  const marks = VALUES.map((value) => {
    // scored exactly where a run would be scored (score() says which labels it reads)
    if (score(value, row[value]!, nothing, { target: null, blockedBy: [] }) === undefined) return "·";
    tally.values.get(value)!.scored++;
    return "✗";
  });
  const why = ((error as Error).message ?? String(error)).split("\n")[0]!.slice(0, 300);
  tally.failed.push(`${row.repository}: ${why}`);
  return [`${row.repository} (not run)`, ...marks];
}

function printSummary(tally: Tally): void {
  console.log("\n| value | right | labelled | share |\n| --- | ---: | ---: | ---: |");
  let right = 0;
  let scored = 0;
  for (const [value, t] of tally.values) {
    right += t.right;
    scored += t.scored;
    console.log(
      `| ${value} | ${t.right} | ${t.scored} | ${t.scored ? `${Math.round((100 * t.right) / t.scored)}%` : "n/a"} |`,
    );
  }
  console.log(`| all | ${right} | ${scored} | ${scored ? `${Math.round((100 * right) / scored)}%` : "n/a"} |`);
  const list = (title: string, items: string[]) => {
    console.log(`\n${title}: ${items.length}`);
    for (const i of items) console.log(`- ${i}`);
  };
  list("repositories that could not be run (each labelled value counted wrong)", tally.failed);
  list("snapshots read without some files (large files the snapshot lacks)", tally.partial);
  list("repositories where adoption would leave two publishers", tally.twoPublishers);
  list("repositories where adoption --replace would leave two publishers", tally.twoAfterReplace);
  list("repositories where --replace refuses (both named, nothing written)", tally.replaceRefused);
  list("repositories where the zero-config plan blocks", tally.blocks);
  list("repositories where the zero-config plan proposes a wrong version", tally.wrongVersion);
  list("unresolved expressions written into values", tally.expressions);
}

export default function labelBench(labelsFile: string, mirrors: string): LabelReport {
  if (!existsSync(labelsFile)) throw new Error(`no labels file at ${labelsFile} (columns as in adopt-dev.tsv)`);
  const rows = readLabels(labelsFile);
  const missing = rows.filter((r) => !existsSync(join(mirrors, r.repository!.replace("/", "+"), "repo")));
  if (missing.length)
    throw new Error(
      `no snapshot under ${mirrors} for ${missing.map((r) => r.repository).join(", ")} (fetch them first)`,
    );
  const tally: Tally = {
    values: new Map(VALUES.map((v) => [v, { right: 0, scored: 0 }])),
    twoPublishers: [],
    twoAfterReplace: [],
    replaceRefused: [],
    blocks: [],
    wrongVersion: [],
    expressions: [],
    failed: [],
    partial: [],
  };
  console.log(`| repository | ${VALUES.join(" | ")} |`);
  console.log(`| --- |${VALUES.map(() => " :-: |").join("")}`);
  for (const row of rows) {
    const tmp = mkdtempSync(join(tmpdir(), "rc-adopt-labels-"));
    let cells: string[];
    try {
      cells = runRow(row, mirrors, tmp, tally);
    } catch (e) {
      cells = failRow(row, e, tally);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`| ${cells.join(" | ")} |`);
  }
  printSummary(tally);
  const { blocks, wrongVersion, expressions, twoPublishers, twoAfterReplace, failed } = tally;
  return {
    ok:
      !failed.length &&
      !blocks.length &&
      !wrongVersion.length &&
      !expressions.length &&
      !twoPublishers.length &&
      !twoAfterReplace.length,
  };
}
