/**
 * Replay a real repository's releases: for each of its last releases, take the
 * CHANGELOG as it was just before the release commit, the commits since the previous
 * tag, and the tags the repository had then; compute the cut's CHANGELOG part with the
 * same functions the planner uses (zero config), and compare with what the project
 * really published. Reads the repositories from paths given on the command line:
 *
 *   npm run bench -- changelog-replay PATH[=owner/name] [--since TAG] [--until TAG] [--last N] [--verbose]
 *     [--file PATH] [--tag-prefix P]
 *     [--sample TSV --mirrors DIR --half development|held-out]   (the sampled repositories of one half:
 *                             bench/labels/changelog-replay-sample.tsv, each at DIR/owner+name/repo)
 *     [--set KEY=VALUE]...   (a `changelog.KEY` config override, e.g. --set subject=paragraph)
 *     [--entry]              (the cut itself: `tsx release.ts VERSION --dry-run --json` in a worktree
 *                             of the release's parent, dated as the published section; slower, zero-config only)
 *
 * Per project: releases reproduced exactly (section byte-identical), entries matched
 * (published entries the cut wrote too), entries not published (the cut wrote them, the
 * project did not), style matched (heading line and category
 * titles), whole files identical (the cut's insertion vs the published file), and
 * commits dropped without a visible rule: commits of the release's range that are
 * neither shown in the cut's section nor in its `leftOut` under one of the named rules
 * (the target is 0 on every repository).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsedChanges, type ParsedCommit } from "../tasks/lib/release/commits.ts";
import {
  changelogFacts,
  insertSection,
  planChangelog,
  readChangelog,
  sectionText,
  type StyleOverrides,
} from "../tasks/lib/release/changelog.ts";
import { norm } from "../tasks/lib/release/changelog/described.ts";
import { LEFT_OUT_RULES } from "../tasks/lib/release/changelog/render.ts";
import { parseLogRecords } from "../tasks/lib/release/git.ts";
import { compare, isPrerelease, isValid } from "../tasks/lib/release/version.ts";
import { TSX } from "./measure.ts";

const ENTRY = join(import.meta.dirname, "..", "release.ts");

interface Repo {
  path: string;
  repository: string | undefined;
  /** the CHANGELOG's path in the repository, and the release tags' prefix (default: the options') */
  file?: string;
  tagPrefix?: string;
  source?: string;
}

interface Options {
  repos: Repo[];
  tagPrefix: string | undefined;
  since: string | undefined;
  /** the newest release to replay (default: the newest tag) */
  until: string | undefined;
  last: number;
  verbose: boolean;
  file: string;
  /** config overrides (`changelog.*` keys); zero config when empty */
  overrides: StyleOverrides;
  /** replay through the entry in a worktree instead of the planner's functions */
  entry: boolean;
}

function options(argv: string[]): Options {
  const o: Options = {
    repos: [],
    since: undefined,
    until: undefined,
    last: 20,
    verbose: false,
    file: "CHANGELOG.md",
    overrides: {},
    entry: false,
    tagPrefix: undefined,
  };
  let sample: string | undefined;
  let mirrors: string | undefined;
  let half: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--since") o.since = argv[++i];
    else if (a === "--last") o.last = Number(argv[++i]);
    else if (a === "--until") o.until = argv[++i];
    else if (a === "--verbose") o.verbose = true;
    else if (a === "--entry") o.entry = true;
    else if (a === "--file") o.file = argv[++i]!;
    else if (a === "--tag-prefix") o.tagPrefix = argv[++i]!;
    else if (a === "--sample") sample = argv[++i];
    else if (a === "--mirrors") mirrors = argv[++i];
    else if (a === "--half") half = argv[++i];
    else if (a === "--set") {
      const [k, ...v] = argv[++i]!.split("=");
      const raw = v.join("=");
      // JSON where it parses (true, ["a"]), the plain string otherwise
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {}
      (o.overrides as Record<string, unknown>)[k!] = value;
    } else if (a.includes("/") && existsSync(a.split("=")[0]!)) {
      const [path, repository] = a.split("=");
      o.repos.push({ path: path!, repository });
    }
  }
  if (sample && mirrors) o.repos.push(...sampled(sample, mirrors, half));
  return o;
}

/** The repositories of one half of the sample (all kept ones without --half), each at MIRRORS/owner+name/repo. */
function sampled(file: string, mirrors: string, half: string | undefined): Repo[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("\t"))
    .filter((r) => (half ? r[5] === half : r[5] === "development" || r[5] === "held-out"))
    .map(([source, repository, path, prefix]) => {
      const base = join(mirrors, repository!.replace("/", "+"), "repo");
      return {
        path: existsSync(join(base, ".git")) ? join(base, ".git") : base,
        repository,
        file: path,
        tagPrefix: prefix ?? "",
        source,
      };
    });
}

const git = (dir: string, args: string[]) =>
  execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "ignore"],
  });

function show(dir: string, rev: string, path: string): string | null {
  try {
    return git(dir, ["show", `${rev}:${path}`]);
  } catch {
    return null;
  }
}

function commitsBetween(dir: string, from: string, to: string): ParsedCommit[] {
  return parsedChanges(
    parseLogRecords(git(dir, ["log", "--no-merges", "-z", "--format=%H%n%B", `${from}..${to}`, "--"])),
  );
}

/** An example range as the cut's state reads it: undefined when it holds more than `cap` commits. */
function exampleCommits(dir: string, from: string, to: string, cap: number): ParsedCommit[] | undefined {
  const raw = parseLogRecords(
    git(dir, ["log", "--no-merges", "-z", "--format=%H%n%B", `--max-count=${cap + 1}`, `${from}..${to}`, "--"]),
  );
  return raw.length > cap ? undefined : parsedChanges(raw);
}

// What the cut reads besides git: the CHANGELOG, the config, the version files and lockfiles.
const CUT_READS =
  /(^|\/)(CHANGELOG\.md|release\.config\.ts|pyproject\.toml|package\.json|Cargo\.toml|Cargo\.lock|tauri\.conf\.json|__version__\.py|conf\.py|\.bumpversion\.cfg|setup\.cfg|uv\.lock)$/;

/**
 * The CHANGELOG part of the cut's own plan, from `tsx release.ts VERSION --dry-run --json` in a
 * worktree of the release's parent, dated as the release was (SOURCE_DATE_EPOCH). A clone that
 * lacks some blobs (a partial clone) gets the files the cut reads, the rest marked unchanged.
 */
function entryPlan(dir: string, tag: string, version: string, repository: string | undefined, date?: string) {
  const wt = mkdtempSync(join(tmpdir(), "replay-"));
  const inWt = (args: string[]) =>
    execFileSync("git", ["-C", wt, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      stdio: ["ignore", "pipe", "ignore"],
    });
  try {
    git(dir, ["worktree", "add", "-q", "--detach", "--no-checkout", wt, `${tag}^`]);
    inWt(["reset", "-q"]);
    try {
      inWt(["checkout", "--", "."]);
    } catch {
      const wanted = inWt(["ls-tree", "-r", "--name-only", "HEAD"])
        .split("\n")
        .filter((p) => CUT_READS.test(p));
      inWt(["checkout", "--", ...wanted]);
      const absent = inWt(["ls-files", "-d", "-z"]).split("\0").filter(Boolean);
      for (let i = 0; i < absent.length; i += 500)
        inWt(["update-index", "--assume-unchanged", ...absent.slice(i, i + 500)]);
    }
    // the published heading's date when it has one (a release PR is often merged days after its
    // CHANGELOG was written), else the release commit's
    const epoch = /^\d{4}-\d{2}-\d{2}$/.test(date ?? "")
      ? String(Date.parse(`${date}T12:00:00Z`) / 1000)
      : git(dir, ["log", "-1", "--format=%ct", tag]).trim();
    const r = spawnSync(
      TSX,
      [ENTRY, version, "--dry-run", "--json", "--skip-checks", ...(repository ? ["--github-repo", repository] : [])],
      { cwd: wt, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, SOURCE_DATE_EPOCH: epoch } },
    );
    const json = JSON.parse(r.stdout) as {
      plan: {
        changelog: {
          section: string;
          existing: boolean;
          label: string;
          listed: string[];
          leftOut: { sha: string; rule: string }[];
          style: { gaps: { section: number } };
        };
      };
    };
    return json.plan.changelog;
  } finally {
    git(dir, ["worktree", "remove", "--force", wt]);
    rmSync(wt, { recursive: true, force: true });
  }
}

const entryLines = (section: string) => section.split("\n").filter((l) => /^[-*+] /.test(l));
const titles = (section: string) =>
  section
    .split("\n")
    .slice(1)
    .filter((l) => /^#{1,6} /.test(l));

interface Row {
  tag: string;
  /** commits of the range neither shown in the section nor left out by a named rule */
  dropped: number;
  droppedSubjects: string[];
  exact: boolean;
  entries: number;
  matched: number;
  extra: number;
  style: boolean;
  file: boolean;
  diff: string;
}

/**
 * The tag the release's range starts at, as the planner chooses it: the newest release tag
 * reachable from the release's parent (tags on a rewritten history are not), and for a
 * stable release after pre-releases the last stable one.
 */
function previousTagOf(dir: string, tags: { tag: string; version: string }[], k: number) {
  const t = tags[k]!;
  const reachable = new Set(
    git(dir, ["tag", "--merged", `${t.tag}^`])
      .split("\n")
      .filter(Boolean),
  );
  const line = tags.slice(k + 1).filter((x) => reachable.has(x.tag));
  const previous = isPrerelease(t.version) ? line[0] : line.find((x) => !isPrerelease(x.version));
  return previous ? { previous, last: line[0]! } : undefined;
}

/**
 * The file before the cut and the section the project published. The section is in the file
 * at the tag (written by the release commit), or, for a writer that runs after the release (a
 * workflow on `release: published`), only later: then the cut is replayed at the tag (its range
 * includes the tagged commit) and compared with the file at HEAD.
 */
async function publishedOf(dir: string, o: Options, t: { tag: string; version: string }) {
  const atTag = show(dir, t.tag, o.file);
  const inTag = atTag !== null && (await readChangelog(atTag)).sections.some((s) => s.version === t.version);
  const later = !inTag && !o.entry;
  const after = inTag ? atTag : later ? show(dir, "HEAD", o.file) : null;
  const before = later ? atTag : show(dir, `${t.tag}^`, o.file);
  if (!after) return undefined;
  const docAfter = await readChangelog(after);
  const published = docAfter.sections.find((s) => s.version === t.version);
  return published ? { before, after, later, published, want: sectionText(docAfter, published) } : undefined;
}

/** How many of the published entries the cut wrote, and how many it wrote that the project did not publish. */
function entryMatch(want: string, got: string): { entries: number; matched: number; extra: number } {
  const wantEntries = entryLines(want);
  const pool = entryLines(got);
  let matched = 0;
  for (const e of wantEntries) {
    const i = pool.indexOf(e);
    if (i !== -1) {
      matched++;
      pool.splice(i, 1);
    }
  }
  return { entries: wantEntries.length, matched, extra: pool.length };
}

async function replayRelease(
  dir: string,
  o: Options,
  tags: { tag: string; version: string }[],
  k: number,
  repository?: string,
): Promise<Row | undefined> {
  const t = tags[k]!;
  const range = previousTagOf(dir, tags, k);
  const seen = range && (await publishedOf(dir, o, t));
  if (!range || !seen) return undefined;
  const { previous, last } = range;
  const { before, after, later, published, want } = seen;
  const prefix = t.tag.slice(0, t.tag.length - t.version.length);
  const rangeCommits = o.entry ? [] : commitsBetween(dir, previous.tag, later ? t.tag : `${t.tag}^`);
  // the cut itself in a worktree, or the planner's own functions on the same inputs
  const plan = o.entry
    ? entryPlan(dir, t.tag, t.version, repository, published.date)
    : planChangelog({
        facts: await changelogFacts({
          path: o.file,
          text: before,
          tagPrefix: prefix,
          tags: tags.slice(k + 1),
          lastVersion: last.version,
          headVersion: undefined,
          commitsBetween: async (a, b, cap) => exampleCommits(dir, a, b, cap),
        }),
        overrides: o.overrides,
        infer: true,
        version: t.version,
        tag: t.tag,
        previousTag: previous.tag,
        repository,
        date: published.date ?? "",
        commits: rangeCommits,
        releaseCommits: [],
      });
  const got = plan.section;
  // a section the file already had is the project's own: the cut writes nothing
  const { dropped, droppedSubjects } = droppedWithoutRule(plan, o.entry || plan.existing ? [] : rangeCommits);
  const style = got.split("\n")[0] === want.split("\n")[0] && titles(got).join("|") === titles(want).join("|");
  let file = false;
  if (before && !plan.existing && !later) {
    const inserted = insertSection(await readChangelog(before), got, {
      repository,
      tag: t.tag,
      previousTag: previous.tag,
      label: plan.label,
      sectionGap: plan.style.gaps.section,
    });
    file = inserted === after;
  }
  const diff = got === want ? "" : firstDifference(want, got);
  return { tag: t.tag, dropped, droppedSubjects, exact: got === want, ...entryMatch(want, got), style, file, diff };
}

/**
 * Commits of the range the cut neither shows nor leaves out by a named rule: a commit
 * counts as shown when the plan lists it and its description's words are in the section.
 */
function droppedWithoutRule(
  plan: { section: string; listed?: string[]; leftOut: { sha: string; rule?: string }[] },
  commits: readonly ParsedCommit[],
): { dropped: number; droppedSubjects: string[] } {
  const section = ` ${norm(plan.section)} `;
  const listed = new Set(plan.listed ?? []);
  const ruled = new Set(
    plan.leftOut.filter((l) => (LEFT_OUT_RULES as readonly string[]).includes(l.rule ?? "")).map((l) => l.sha),
  );
  const droppedSubjects = commits
    .filter((c) => !ruled.has(c.sha) && !(listed.has(c.sha) && section.includes(` ${norm(c.description)} `)))
    .map((c) => c.header);
  return { dropped: droppedSubjects.length, droppedSubjects };
}

function firstDifference(want: string, got: string): string {
  const a = want.split("\n");
  const b = got.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i])
      return `line ${i + 1}:\n      published: ${JSON.stringify(a[i])}\n      cut:       ${JSON.stringify(b[i])}`;
  return "";
}

async function replay(dir: string, o: Options, repository: string | undefined): Promise<Row[]> {
  const prefix = o.tagPrefix;
  const all = git(dir, ["tag", "--list"])
    .split("\n")
    .filter((tag) => tag && (prefix === undefined || tag.startsWith(prefix)))
    .map((tag) => ({ tag, version: prefix === undefined ? tag.replace(/^[^\d]*/, "") : tag.slice(prefix.length) }))
    .filter((t) => isValid(t.version))
    .sort((a, b) => compare(b.version, a.version));
  const from = o.until
    ? Math.max(
        0,
        all.findIndex((t) => t.tag === o.until),
      )
    : 0;
  let upto = all.length;
  if (o.since) upto = all.findIndex((t) => t.tag === o.since) + 1 || all.length;
  const rows: Row[] = [];
  for (let k = from; k < (o.since ? upto : Math.min(upto, from + o.last)); k++) {
    const row = await replayRelease(dir, o, all, k, repository);
    if (row) rows.push(row);
  }
  return rows.reverse();
}

export default async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const o = options(argv);
  if (o.entry && Object.keys(o.overrides).length)
    console.log("note: --entry replays zero-config; the --set overrides are not applied to the cut");
  if (!o.repos.length) {
    console.log("skipped: pass repository clones, e.g. npm run bench -- changelog-replay ../niamoto --since v0.15.6");
    return true;
  }
  const totals = { repos: 0, entries: 0, matched: 0, dropped: 0 };
  for (const { path, repository, file, tagPrefix, source } of o.repos) {
    const head = git(path, ["rev-parse", "--short=12", "HEAD"]).trim();
    const rows = await replay(path, { ...o, file: file ?? o.file, tagPrefix: tagPrefix ?? o.tagPrefix }, repository);
    const n = rows.length;
    const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
    const set =
      (Object.keys(o.overrides).length ? ` with ${JSON.stringify(o.overrides)}` : "") +
      (o.entry ? " (through tsx release.ts in worktrees)" : "");
    const label = repository && source ? `${repository} (${source})` : path;
    console.log(`${label} at ${head}: ${n} release(s) ${rows[0]?.tag ?? ""}..${rows[n - 1]?.tag ?? ""}${set}`);
    const entries = sum((r) => r.entries);
    const matched = sum((r) => r.matched);
    totals.repos++;
    totals.entries += entries;
    totals.matched += matched;
    totals.dropped += sum((r) => r.dropped);
    console.log(
      `  entries reproduced  ${entries ? `${Math.round((100 * matched) / entries)}%` : "—"}; commits dropped without a visible rule ${sum((r) => r.dropped)}`,
    );
    console.log(`  reproduced exactly  ${sum((r) => +r.exact)}/${n}`);
    console.log(`  entries matched     ${sum((r) => r.matched)}/${sum((r) => r.entries)}`);
    console.log(`  entries not published ${sum((r) => r.extra)}`);
    console.log(`  style matched       ${sum((r) => +r.style)}/${n}`);
    console.log(`  file identical      ${sum((r) => +r.file)}/${n}`);
    for (const r of rows) for (const d of r.droppedSubjects) console.log(`    dropped in ${r.tag}: ${d}`);
    if (o.verbose)
      for (const r of rows)
        if (!r.exact)
          console.log(
            `    ${r.tag}: ${r.matched}/${r.entries} entries, style ${r.style ? "ok" : "differs"}; ${r.diff}`,
          );
  }
  if (o.repos.length > 1)
    console.log(
      `\n${totals.repos} repositories: entries reproduced ${totals.matched}/${totals.entries}; commits dropped without a visible rule ${totals.dropped}`,
    );
  return totals.dropped === 0;
}
