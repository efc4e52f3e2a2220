/**
 * Adoption on real repositories: `npm run bench -- adopt --repo DIR [--repo DIR ...]`
 * (optionally `--toolkit-dir tools/release`). Each repository is cloned into a temp
 * dir (the original is never touched); there it is adopted with --replace, adopted
 * again, and checked. Prints the time of each run, what was inferred and asked, and
 * whether the second run changed anything. Targets: adoption under 10 s; the rerun
 * and --check find nothing to change.
 *
 * With `--labels FILE --mirrors DIR` it scores adoption and the zero-config plan against
 * hand-written labels instead (bench/adopt-labels.ts; the sample is bench/labels/adopt-sample.md).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const TARGET_MS = 10_000;

function args(): { repos: string[]; toolkitDir: string; labels?: string; mirrors?: string } {
  const argv = process.argv.slice(2);
  const repos: string[] = [];
  let toolkitDir = "tools/release";
  let labels: string | undefined;
  let mirrors: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--repo" && argv[i + 1]) repos.push(resolve(argv[++i]!));
    else if (argv[i] === "--toolkit-dir" && argv[i + 1]) toolkitDir = argv[++i]!;
    else if (argv[i] === "--labels" && argv[i + 1]) labels = resolve(argv[++i]!);
    else if (argv[i] === "--mirrors" && argv[i + 1]) mirrors = resolve(argv[++i]!);
  }
  return { repos, toolkitDir, ...(labels ? { labels } : {}), ...(mirrors ? { mirrors } : {}) };
}

function run(cmd: string, cmdArgs: string[], cwd: string) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", GH_TOKEN: "", GITHUB_TOKEN: "", CI: "", GITHUB_ACTIONS: "" },
  });
  return {
    code: r.status ?? 1,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

export default async function (): Promise<boolean> {
  const { repos, toolkitDir, labels, mirrors } = args();
  if (labels) {
    if (!mirrors)
      throw new Error("--labels needs --mirrors DIR (one bare snapshot per repository as <owner>+<name>/repo)");
    const { default: labelBench } = await import("./adopt-labels.ts");
    return labelBench(labels, mirrors).ok;
  }
  if (!repos.length) {
    console.log("no repository given: npm run bench -- adopt --repo DIR [--repo DIR ...]");
    return true;
  }
  let ok = true;
  console.log(
    "| repository | adopt (ms) | values | questions | suggestions | files written | rerun (ms) | rerun changes | --check | doctor fails |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
  for (const repo of repos) {
    const base = mkdtempSync(join(tmpdir(), "rc-adopt-bench-"));
    try {
      const work = join(base, basename(repo));
      const clone = run("git", ["clone", "-q", repo, work], base);
      if (clone.code !== 0) throw new Error(`git clone ${repo}: ${clone.stderr}`);
      const adopt = (...a: string[]) =>
        run(TSX, [join(ROOT, "tasks", "adopt.ts"), "--repo", work, "--json", ...a], ROOT);
      const first = adopt("--toolkit-dir", toolkitDir, "--replace");
      if (first.code !== 0) throw new Error(`adopt ${repo} exited ${first.code}: ${first.stderr.slice(-2000)}`);
      const doc = JSON.parse(first.stdout) as {
        values: unknown[];
        questions: unknown[];
        suggestions: unknown[];
        files: { action: string }[];
        doctor: { status: string }[];
      };
      const second = adopt();
      const again = JSON.parse(second.stdout) as { files: { action: string }[] };
      const changed = again.files.filter((f) => f.action !== "unchanged").length;
      const check = adopt("--check");
      const written = doc.files.filter((f) => f.action !== "unchanged").length;
      const fails = doc.doctor.filter((d) => d.status === "fail").length;
      const met = first.ms <= TARGET_MS && changed === 0 && check.code === 0;
      ok &&= met;
      console.log(
        `| ${basename(repo)} | ${first.ms.toFixed(0)} | ${doc.values.length} | ${doc.questions.length} | ${doc.suggestions.length} | ${written} | ${second.ms.toFixed(0)} | ${changed} | ${check.code === 0 ? "clean" : "DRIFT"} | ${fails} |`,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  console.log(
    `\ntargets: adoption <= ${TARGET_MS / 1000} s, the rerun changes nothing, --check is clean: ${ok ? "met" : "MISSED"}`,
  );
  return ok;
}
