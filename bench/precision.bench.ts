/**
 * Precision (and recall) of the doctor on real repositories. It runs
 * `tasks/doctor.ts --offline --json` zero-config on each clone, splits every failure and
 * warning into findings (check id + the file each finding names), and compares them
 * with hand labels (repository, commit, check id, path, verdict, why).
 *
 *   npm run bench -- precision DIR...                        clones, labels in doctor-precision.tsv
 *   npm run bench -- precision --labels FILE DIR...          another labels file
 *   npm run bench -- precision --labels FILE --sample bench/labels/doctor-sample.md \
 *       --half held-out --mirrors MIRRORS                     the sample's half, cloned at its commits
 *   ... --half development --only owner/name[,owner/name]    some repositories of a half
 *
 * With `--sample`, each repository of the half is cloned from `MIRRORS/owner+name/repo`
 * (a bare copy, as the search tool's `fetch` leaves it) at the commit the sample records,
 * into a temporary folder removed afterwards. Verdicts: `true` (a real problem), `false`
 * (a false alarm), `missed` (a real problem of a check's kind the doctor did not report:
 * it counts against recall). Every finding is printed with its message, so an
 * unlabelled one can be labelled, and again at the end as a row of a labels file with
 * the verdict `?` (copy the rows, set each verdict, say why). Target: no false failure
 * and no unlabelled finding.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkoutAt } from "./checkout.ts";
import { repositoriesIn } from "./measure.ts";

const ROOT = join(import.meta.dirname, "..");
const DEFAULT_LABELS = join(import.meta.dirname, "labels", "doctor-precision.tsv");

interface Label {
  repository: string;
  commit: string;
  check: string;
  path: string;
  verdict: "true" | "false" | "missed";
  why: string;
}

export function readLabels(text: string): Label[] {
  return text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("repository\t"))
    .map((l) => {
      const [repository, commit, check, path, verdict, why] = l.split("\t");
      return {
        repository: repository!,
        commit: commit!,
        check: check!,
        path: path!,
        verdict: verdict as Label["verdict"],
        why: why ?? "",
      };
    });
}

const PATH = /([\w.@/-]+\.(?:ya?ml|md|mdx|json|toml))\b/;

/** Split at `; ` outside parentheses (a cited source may hold `; ` of its own). */
function topLevelParts(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === ";" && line[i + 1] === " ") {
      parts.push(line.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(line.slice(start));
  return parts;
}

/** A bare workflow name is under .github/workflows; a bare doc (CONTRIBUTING.md) is at the root. */
const qualified = (p: string) => (p.includes("/") || !/\.ya?ml$/.test(p) ? p : `.github/workflows/${p}`);

/**
 * The findings of a result, one per file it names: the first path of each `; `-separated
 * top-level part of its first line (a cited source left out) opens a finding, and the parts
 * after it that name no file, or the same file, are kept in it; each later line that
 * starts with a path is one too (checks that list one finding per line). The other lines are
 * context, given with each finding (what is wrong and how sure: "they fail if the
 * setting is on"), except the fan-out's table (indented event lines).
 */
export function findingsOf(message: string): { path: string; text: string }[] {
  const [first = "", ...rest] = message.split("\n");
  const found = new Map<string, string>();
  const context: string[] = [];
  const parts = topLevelParts(first).map((part) => ({
    part,
    // A cited source (`(…, checked 2026-12-07)`) names files of other repositories, never the finding's.
    m: PATH.exec(part.replace(/\((?:[^()]|\([^()]*\))*checked \d{4}-\d\d-\d\d\)/g, "")),
  }));
  if (parts.some((p) => p.m)) {
    // A part without a file belongs to the finding before it (a second runtime group of the same
    // workflow); parts before the first file are context. Nothing of the line is dropped.
    let current: string | undefined;
    const lead: string[] = [];
    for (const { part, m } of parts) {
      if (m) current = qualified(m[1]!);
      if (!current) lead.push(part.trim());
      else found.set(current, found.has(current) ? `${found.get(current)}; ${part.trim()}` : part.trim());
    }
    if (lead.length) context.push(lead.join("; "));
  } else context.push(first.trim());
  for (const line of rest) {
    const m = /^\s*([\w.@/-]+\.(?:ya?ml|md|mdx|json|toml))\b/.exec(line);
    if (m) {
      const path = qualified(m[1]!);
      found.set(path, found.has(path) ? `${found.get(path)}; ${line.trim()}` : line.trim());
    } else if (line.trim() && !line.startsWith("  ")) context.push(line.trim());
  }
  if (found.size === 0) return [{ path: "-", text: first }];
  const about = context.filter(Boolean).join(" ");
  return [...found].map(([path, text]) => ({ path, text: about ? `${text} [${about}]` : text }));
}

/** The files a result names, one per finding (see findingsOf). */
export const findingPaths = (message: string): string[] => findingsOf(message).map((f) => f.path);

/** The repositories of one half of the sample, with their recorded commits (from doctor-sample.md). */
export function sampleHalf(
  markdown: string,
  half: "development" | "held-out",
): { repository: string; commit: string }[] {
  const commits = new Map(
    [...markdown.matchAll(/^\| ([\w.-]+\/[\w.-]+) \| ([0-9a-f]{40}) \|$/gm)].map((m) => [m[1]!, m[2]!]),
  );
  const heading = half === "development" ? /^\*\*Development half/m : /^\*\*Held-out half/m;
  const start = markdown.search(heading);
  if (start < 0) throw new Error(`no ${half} half in the sample file`);
  const rest = markdown.slice(start).split("\n").slice(1);
  const names: string[] = [];
  for (const line of rest) {
    const m = /^- ([\w.-]+\/[\w.-]+)$/.exec(line.trim());
    if (m) names.push(m[1]!);
    else if (names.length && line.trim() && !line.startsWith("-")) break;
  }
  return names.map((repository) => ({ repository, commit: commits.get(repository) ?? "" }));
}

const git = (dir: string, ...args: string[]) =>
  spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout.trim();

/** A work tree of a mirror at a commit; blobs the mirror lacks (large files) are left out. */
function cloneAt(mirror: string, commit: string, into: string): void {
  try {
    checkoutAt(mirror, commit, into);
  } catch (e) {
    // said, not thrown: the doctor then reports on what is there, as before
    console.error((e as Error).message);
  }
}

/** owner/name from the clone's origin (a GitHub URL, or a local mirror named owner+name). */
function repositoryOf(dir: string): string {
  const url = git(dir, "remote", "get-url", "origin");
  const gh = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url);
  if (gh) return `${gh[1]}/${gh[2]}`;
  const local = /([^/]+)\+([^/]+?)(?:\/repo)?(?:\.git)?\/?$/.exec(url);
  return local ? `${local[1]}/${local[2]}` : url;
}

const flag = (argv: readonly string[], name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Tally {
  t: number;
  f: number;
  unlabelled: number;
  falseFail: number;
  missed: number;
}

export default async function (argv: string[] = []): Promise<boolean> {
  const labels = readLabels(readFileSync(flag(argv, "--labels") ?? DEFAULT_LABELS, "utf8"));
  const sample = flag(argv, "--sample");
  let repos = repositoriesIn(argv.filter((a, i) => !argv[i - 1]?.startsWith("--")));
  let scratch: string | undefined;
  if (sample) {
    const half = (flag(argv, "--half") ?? "development") as "development" | "held-out";
    const mirrors = flag(argv, "--mirrors");
    if (!mirrors) throw new Error("--sample needs --mirrors DIR (the folder holding owner+name/repo)");
    scratch = mkdtempSync(join(tmpdir(), "doctor-sample-"));
    const only = flag(argv, "--only")?.split(",");
    const chosen = sampleHalf(readFileSync(sample, "utf8"), half).filter((r) => !only || only.includes(r.repository));
    if (only && chosen.length !== only.length)
      throw new Error(`--only names repositories that are not in the ${half} half: ${only.join(", ")}`);
    repos = chosen.map(({ repository, commit }) => {
      const dir = join(scratch!, repository.replace("/", "+"));
      cloneAt(join(mirrors, repository.replace("/", "+"), "repo"), commit, dir);
      return dir;
    });
  }
  if (repos.length === 0) {
    console.log("no repositories given: `npm run bench -- precision DIR...` (clones of real repositories)");
    return true;
  }
  try {
    return report(repos, labels);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** What the run found over every repository: per-check tallies, table rows, unlabelled rows to fill in. */
interface Run {
  per: Map<string, Tally>;
  rows: string[];
  /** unlabelled findings as rows of a labels file, for the labeller to fill in (verdict `?`) */
  skeleton: string[];
  /** unlabelled findings and false failures: each misses the target */
  bad: number;
}

function report(repos: readonly string[], labels: readonly Label[]): boolean {
  const run: Run = { per: new Map(), rows: [], skeleton: [], bad: 0 };
  for (const dir of repos) scoreRepository(dir, labels, run);
  console.log("| repository | commit | check | path | verdict | why (or the finding, when unlabelled) |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const r of run.rows) console.log(r);
  printTallies(run.per);
  if (run.skeleton.length) {
    console.log("\nUnlabelled findings as label rows (set the verdict to true or false, and say why):\n");
    console.log("repository\tcommit\tcheck id\tpath\tverdict\twhy");
    for (const row of run.skeleton) console.log(row);
  }
  console.log(
    `\n${repos.length} repositories; target: no false failure, every finding labelled: ${run.bad ? "MISSED" : "met"}`,
  );
  return run.bad === 0;
}

/** The doctor's checks on one clone, zero-config and offline, as its --json gives them. */
function doctorChecks(dir: string): { id: string; status: string; message: string }[] {
  const r = spawnSync(
    join(ROOT, "node_modules", ".bin", "tsx"),
    ["tasks/doctor.ts", "--repo", dir, "--offline", "--json"],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 28,
      env: { ...process.env, NO_COLOR: "1", CI: "", GITHUB_ACTIONS: "", GITHUB_TOKEN: "", GH_TOKEN: "" },
    },
  );
  return (JSON.parse(r.stdout) as { checks: { id: string; status: string; message: string }[] }).checks;
}

/** Each finding of one repository matched to its label (or listed unlabelled), and its missed labels. */
function scoreRepository(dir: string, labels: readonly Label[], run: Run): void {
  const tally = (id: string) =>
    run.per.get(id) ?? run.per.set(id, { t: 0, f: 0, unlabelled: 0, falseFail: 0, missed: 0 }).get(id)!;
  const repository = repositoryOf(dir);
  const commit = git(dir, "rev-parse", "--short=8", "HEAD");
  const ours = (l: Label) => l.repository === repository && commit.startsWith(l.commit.slice(0, 8));
  let found = 0;
  for (const c of doctorChecks(dir).filter((x) => x.status === "fail" || x.status === "warn"))
    for (const { path, text: line } of findingsOf(c.message)) {
      found++;
      const s = tally(c.id);
      const label = labels.find((l) => ours(l) && l.check === c.id && l.path === path && l.verdict !== "missed");
      const text = line.replace(/\|/g, "\\|").replace(/\t/g, " ").slice(0, 300);
      if (!label) {
        s.unlabelled++;
        run.bad++;
        run.rows.push(`| ${repository} | ${commit} | ${c.id} (${c.status}) | ${path} | UNLABELLED | ${text} |`);
        run.skeleton.push(
          [repository, commit, c.id, path, "?", `(${c.status}) ${line.replace(/\t/g, " ")}`].join("\t"),
        );
        continue;
      }
      if (label.verdict === "true") s.t++;
      else {
        s.f++;
        if (c.status === "fail") {
          s.falseFail++;
          run.bad++;
        }
      }
      run.rows.push(
        `| ${repository} | ${commit} | ${c.id} (${c.status}) | ${path} | ${label.verdict} | ${label.why} |`,
      );
    }
  for (const l of labels.filter((x) => ours(x) && x.verdict === "missed")) {
    tally(l.check).missed++;
    run.rows.push(`| ${repository} | ${commit} | ${l.check} (not reported) | ${l.path} | missed | ${l.why} |`);
  }
  if (found === 0) run.rows.push(`| ${repository} | ${commit} | (no failure or warning) | | | |`);
}

function printTallies(per: Map<string, Tally>): void {
  console.log("\n| check id | true | false | false failures | unlabelled | missed | precision | recall |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : "-");
  const all: Tally = { t: 0, f: 0, unlabelled: 0, falseFail: 0, missed: 0 };
  for (const [id, s] of [...per].sort()) {
    for (const k of Object.keys(all) as (keyof Tally)[]) all[k] += s[k];
    console.log(
      `| ${id} | ${s.t} | ${s.f} | ${s.falseFail} | ${s.unlabelled} | ${s.missed} | ${pct(s.t, s.t + s.f)} | ${pct(s.t, s.t + s.missed)} |`,
    );
  }
  console.log(
    `| all | ${all.t} | ${all.f} | ${all.falseFail} | ${all.unlabelled} | ${all.missed} | ${pct(all.t, all.t + all.f)} | ${pct(all.t, all.t + all.missed)} |`,
  );
}
