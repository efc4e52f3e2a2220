/**
 * The release cut's plan on 1,000 / 10,000 / 50,000 conventional commits since the
 * last tag, next to a bare `git log` over the same range. Repositories are built with
 * `git fast-import` (seconds, not a commit loop). Target at 10,000: the plan costs at
 * most git log + runtime start-up + 1.5 s; max RSS grows no worse than linearly.
 * At 10,000 it is also measured side by side with git-cliff (its npm package, a
 * devDependency of the bench only) computing the same thing, `--unreleased --bump`:
 * target at most 1/3 of git-cliff's time, with the entry run by tsx and by Deno; for
 * scale, in the same runs, `tsx -e 0` and the cut bundled by esbuild and run by `node`.
 * With real repositories given (`npm run bench -- release PATH`), the tsx and Deno rows
 * are added for each.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchResult, type BenchRow, type Command, DENO_RUN, repositoriesIn, sideBySide } from "./measure.ts";

const ROOT = join(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const GIT_CLIFF = join(ROOT, "node_modules", ".bin", "git-cliff");
const PLAN_ARGS = ["--dry-run", "--json", "--skip-checks", "--github-repo", "bench/bench"];
const TYPES = ["feat", "fix", "perf", "docs", "refactor", "chore", "test"];
const SCOPES = ["map", "import", "export", "desktop", "ui", ""];

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** A fast-import stream: one tagged release commit, then `n` conventional commits. */
function stream(n: number): string {
  const parts: string[] = [];
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "bench"\nversion = "1.0.0"\n',
    "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2024-01-01\n",
  };
  let mark = 1;
  const blobMarks: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    parts.push(`blob\nmark :${mark}\n${data(content)}`);
    blobMarks.push(`M 100644 :${mark} ${path}\n`);
    mark++;
  }
  const when = 1_700_000_000;
  parts.push(
    `commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.org> ${when} +0000\n${data("release: v1.0.0")}${blobMarks.join("")}\n`,
  );
  parts.push(`reset refs/tags/v1.0.0\nfrom :${mark}\n\n`);
  for (let i = 0; i < n; i++) {
    const type = TYPES[i % TYPES.length]!;
    const scope = SCOPES[i % SCOPES.length]!;
    const body = i % 5 === 0 ? `\n\nA body line for commit ${i}, with "quotes" and ümlauts.\n\nRefs: #${i}` : "";
    const msg = `${type}${scope ? `(${scope})` : ""}: change number ${i}${body}`;
    parts.push(`commit refs/heads/main\ncommitter Bench <bench@example.org> ${when + i + 1} +0000\n${data(msg)}\n`);
  }
  return parts.join("");
}

function makeRepo(base: string, n: number): string {
  const dir = join(base, `r${n}`);
  mkdirSync(dir);
  const git = (args: string[], input?: string) =>
    execFileSync("git", args, { cwd: dir, input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });
  git(["init", "-q", "-b", "main"]);
  git(["fast-import", "--quiet"], stream(n));
  git(["reset", "-q", "--hard", "main"]);
  return dir;
}

/** Wall time (ms) and max RSS (KiB, of the largest process in the tree) of a command. */
function measure(cmd: string[], cwd: string): { ms: number; rssKb: number; code: number } {
  const wrapper =
    "import resource,subprocess,sys,time\nt=time.perf_counter()\nr=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\nprint(r.returncode,(time.perf_counter()-t)*1000,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
  const out = spawnSync("python3", ["-c", wrapper, ...cmd], { cwd, encoding: "utf8" });
  const [code, ms, rss] = out.stdout.trim().split(" ").map(Number);
  return { ms: ms!, rssKb: rss!, code: code! };
}

/** The plan next to git-cliff on the same repository, alternating runs, median of each. */
function versusGitCliff(
  dir: string,
  what = "`tsx release.ts --dry-run --json --skip-checks`, 10,000 commits",
  scale: { bundle?: string } = {},
): BenchRow[] {
  const commands: Command[] = [
    // A real repository may be blocked (exit 1): the plan is still made and printed.
    { argv: [TSX, join(ROOT, "release.ts"), ...PLAN_ARGS], cwd: dir, codes: [0, 1] },
    { argv: [GIT_CLIFF, "--unreleased", "--bump"], cwd: dir },
    { argv: [...DENO_RUN, join(ROOT, "release.ts"), ...PLAN_ARGS], cwd: dir, codes: [0, 1] },
  ];
  if (scale.bundle)
    commands.push(
      { argv: [TSX, "-e", "0"], cwd: dir },
      { argv: [process.execPath, scale.bundle, ...PLAN_ARGS], cwd: dir },
    );
  const [ours, cliff, deno, floor, bundled] = sideBySide(commands, 5);
  const against = "git-cliff `--unreleased --bump`";
  const rows: BenchRow[] = [
    { what, ms: ours!, against, againstMs: cliff!, target: "≤ 1/3", ok: ours! * 3 <= cliff! },
    {
      what: what.replace("`tsx release.ts", "`deno run -A release.ts"),
      ms: deno!,
      against,
      againstMs: cliff!,
      target: "≤ 1/3",
      ok: deno! * 3 <= cliff!,
    },
  ];
  if (scale.bundle) {
    const forScale = { against, againstMs: cliff!, target: "—", ok: true, forScale: true };
    rows.push(
      { what: "`tsx -e 0`: the start-up every `tsx` entry pays before its first line", ms: floor!, ...forScale },
      { what: "the same plan bundled by esbuild and run by `node` (not the contract)", ms: bundled!, ...forScale },
    );
  }
  return rows;
}

/**
 * The cut bundled into one file and run by plain `node`, for scale: what the plan costs
 * without tsx's start-up and its loader hooks. The bench repositories have no
 * release.config.ts, which plain `node` could not import. Written inside the toolkit so
 * the bundle finds the packages it leaves out in node_modules; removed afterwards.
 */
async function bundlePlan(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(dir, "plan.mjs");
  await build({
    absWorkingDir: ROOT,
    stdin: {
      contents:
        'import { releaseMain } from "./tasks/lib/commands/release.ts";\nprocess.exitCode = await releaseMain(process.argv.slice(2));\n',
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["web-tree-sitter", "tree-sitter-bash"],
    // CommonJS packages inside an ES module call `require`: give them Node's.
    banner: {
      js: 'import { createRequire as __benchRequire } from "node:module";\nconst require = __benchRequire(import.meta.url);',
    },
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

const best = (f: () => ReturnType<typeof measure>, runs = 3) => {
  const all = Array.from({ length: runs }, f);
  return {
    ms: Math.min(...all.map((m) => m.ms)),
    rssKb: Math.max(...all.map((m) => m.rssKb)),
    code: Math.max(...all.map((m) => m.code)),
  };
};

export default async function bench(argv: string[] = []): Promise<BenchResult> {
  const repos = repositoriesIn(argv);
  const base = mkdtempSync(join(tmpdir(), "release-bench-"));
  const bundleDir = join(ROOT, "node_modules", ".cache", `release-bench-${process.pid}`);
  try {
    const startup = best(() => measure([TSX, join(ROOT, "release.ts"), "--list-steps"], ROOT));
    console.log(`runtime start-up (tsx release.ts --list-steps): ${startup.ms.toFixed(0)} ms`);
    console.log("");
    console.log(
      "| commits | git log | plan (--dry-run --json --skip-checks) | plan − git log − start-up | max RSS | RSS / commit over start-up |",
    );
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let ok = true;
    let peer: BenchRow[] = [];
    const rows: { n: number; rssKb: number }[] = [];
    for (const n of [1_000, 10_000, 50_000]) {
      const dir = makeRepo(base, n);
      const log = best(() => measure(["git", "log", "--no-merges", "-z", "--format=%H%n%B", "v1.0.0..HEAD"], dir));
      const plan = best(() => measure([TSX, join(ROOT, "release.ts"), ...PLAN_ARGS], dir));
      if (plan.code !== 0) throw new Error(`release.ts failed on ${n} commits (exit ${plan.code})`);
      const extra = plan.ms - log.ms - startup.ms;
      rows.push({ n, rssKb: plan.rssKb });
      const perCommit = ((plan.rssKb - startup.rssKb) / n).toFixed(2);
      console.log(
        `| ${n.toLocaleString("en")} | ${log.ms.toFixed(0)} ms | ${plan.ms.toFixed(0)} ms | ${extra.toFixed(0)} ms | ${(plan.rssKb / 1024).toFixed(0)} MiB | ${perCommit} KiB |`,
      );
      if (n === 10_000 && extra > 1500) ok = false;
      if (n === 10_000) peer = versusGitCliff(dir, undefined, { bundle: await bundlePlan(bundleDir) });
    }
    // Linear or better: memory above start-up per commit must not grow with the size.
    const growth = (r: { n: number; rssKb: number }) => (r.rssKb - startup.rssKb) / r.n;
    const linear = growth(rows[2]!) <= growth(rows[1]!) * 1.5 + 0.5;
    console.log("");
    console.log(`target at 10,000: plan − git log − start-up ≤ 1500 ms → ${ok ? "met" : "MISSED"}`);
    console.log(
      `memory no worse than linear (per-commit RSS at 50,000 ≤ 1.5 × at 10,000) → ${linear ? "met" : "MISSED"}`,
    );
    const [ours, deno, floor, bundled] = peer as [BenchRow, BenchRow, BenchRow, BenchRow];
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `10,000 commits, side by side: ours ${s(ours.ms)}, git-cliff --unreleased --bump ${s(ours.againstMs)} → ${ours.ok ? "met" : "MISSED"} (target ≤ 1/3)`,
    );
    console.log(`the same plan run by Deno: ${s(deno.ms)} → ${deno.ok ? "met" : "MISSED"}`);
    console.log(
      `for scale, same run: \`tsx -e 0\` alone ${s(floor.ms)} (${(floor.ms / ours.againstMs).toFixed(2)}× git-cliff); the plan bundled and run by node ${s(bundled.ms)} (${(bundled.ms / ours.againstMs).toFixed(2)}×)`,
    );
    const rows2 = [...peer];
    for (const repo of repos) {
      const real = versusGitCliff(repo, `\`tsx release.ts --dry-run --json --skip-checks\` on ${repo}`);
      console.log(
        `${repo}, side by side: ours ${s(real[0]!.ms)} (Deno ${s(real[1]!.ms)}), git-cliff ${s(real[0]!.againstMs)}`,
      );
      rows2.push(...real);
    }
    return { ok: ok && linear && rows2.every((r) => r.ok), rows: rows2 };
  } finally {
    rmSync(base, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
