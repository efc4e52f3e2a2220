/**
 * Precision of the doctor on real repositories: `npm run bench -- precision DIR...`
 * runs `tasks/doctor.ts --offline --json` zero-config on each clone, splits every
 * failure and warning into findings (check id + the file each finding names), and
 * compares them with the hand labels in bench/labels/doctor-precision.tsv
 * (repository, commit, check id, path, verdict, why). Prints precision per check id.
 * Target: no false failure and no unlabelled finding.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { repositoriesIn } from "./measure.ts";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const LABELS = join(import.meta.dirname, "labels", "doctor-precision.tsv");

interface Label {
  repository: string;
  commit: string;
  check: string;
  path: string;
  verdict: "true" | "false";
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
        verdict: verdict as "true" | "false",
        why: why ?? "",
      };
    });
}

/** The file each finding of a result names: the first path of every `; `-separated part of its first line. */
export function findingPaths(message: string): string[] {
  const first = message.split("\n")[0]!;
  const paths = new Set<string>();
  for (const part of first.split("; ")) {
    const m = /([\w.@/-]+\.(?:ya?ml|md|mdx|json|toml))\b/.exec(part);
    if (!m) continue;
    const p = m[1]!;
    paths.add(p.includes("/") ? p : `.github/workflows/${p}`);
  }
  return paths.size ? [...paths] : ["-"];
}

const git = (dir: string, ...args: string[]) =>
  spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" }).stdout.trim();

/** owner/name from the clone's origin (a GitHub URL, or a local mirror named owner+name). */
function repositoryOf(dir: string): string {
  const url = git(dir, "remote", "get-url", "origin");
  const gh = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url);
  if (gh) return `${gh[1]}/${gh[2]}`;
  const local = /([^/]+)\+([^/]+?)(?:\/repo)?(?:\.git)?\/?$/.exec(url);
  return local ? `${local[1]}/${local[2]}` : url;
}

export default async function (argv: string[] = []): Promise<boolean> {
  const repos = repositoriesIn(argv);
  if (repos.length === 0) {
    console.log("no repositories given: `npm run bench -- precision DIR...` (clones of real repositories)");
    return true;
  }
  const labels = readLabels(readFileSync(LABELS, "utf8"));
  const per = new Map<string, { t: number; f: number; unlabelled: number; falseFail: number }>();
  const rows: string[] = [];
  let bad = 0;
  for (const dir of repos) {
    const repository = repositoryOf(dir);
    const commit = git(dir, "rev-parse", "--short=8", "HEAD");
    const r = spawnSync(
      join(ROOT, "node_modules", ".bin", "tsx"),
      ["tasks/doctor.ts", "--repo", dir, "--offline", "--json"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", CI: "", GITHUB_ACTIONS: "", GITHUB_TOKEN: "", GH_TOKEN: "" },
      },
    );
    const doc = JSON.parse(r.stdout) as { checks: { id: string; status: string; message: string }[] };
    let found = 0;
    for (const c of doc.checks.filter((x) => x.status === "fail" || x.status === "warn"))
      for (const path of findingPaths(c.message)) {
        found++;
        const s = per.get(c.id) ?? { t: 0, f: 0, unlabelled: 0, falseFail: 0 };
        per.set(c.id, s);
        const label = labels.find(
          (l) =>
            l.repository === repository &&
            commit.startsWith(l.commit.slice(0, 8)) &&
            l.check === c.id &&
            l.path === path,
        );
        if (!label) {
          s.unlabelled++;
          bad++;
          rows.push(
            `| ${repository} | ${commit} | ${c.id} (${c.status}) | ${path} | UNLABELLED | ${c.message.split("\n")[0]!.slice(0, 100)} |`,
          );
        } else if (label.verdict === "true") s.t++;
        else {
          s.f++;
          if (c.status === "fail") {
            s.falseFail++;
            bad++;
          }
        }
        if (label)
          rows.push(
            `| ${repository} | ${commit} | ${c.id} (${c.status}) | ${path} | ${label.verdict} | ${label.why} |`,
          );
      }
    if (found === 0) rows.push(`| ${repository} | ${commit} | (no failure or warning) | | | |`);
  }
  console.log("| repository | commit | check | path | verdict | why |\n| --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
  console.log("\n| check id | true | false | unlabelled | precision |\n| --- | ---: | ---: | ---: | ---: |");
  for (const [id, s] of [...per].sort()) {
    const n = s.t + s.f;
    console.log(`| ${id} | ${s.t} | ${s.f} | ${s.unlabelled} | ${n ? ((100 * s.t) / n).toFixed(0) + "%" : "-"} |`);
  }
  console.log(
    `\n${repos.length} repositories; target: no false failure, every finding labelled: ${bad ? "MISSED" : "met"}`,
  );
  return bad === 0;
}
