/**
 * The doctor, offline, three ways:
 * - on a generated repository of 2,000 files and 200 Markdown docs (a config, version
 *   files, generated workflows, docs that name files and invoke the entries), side by
 *   side with the runtime's own start-up (`tsx -e 0`): target at most 1.5×;
 * - on a repository holding every broken case at once (workflows, docs, signing,
 *   updater key): target under 3 s for the whole entry, and every case reported;
 * - on each real repository given (`npm run bench -- doctor PATH`),
 *   reported next to the same floor.
 * For scale, in the same alternating runs as the first row: importing every module the
 * doctor loads there (recorded by a resolve hook on one run) and doing nothing else.
 * Material is made before timing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { runChecks } from "../tasks/lib/core/checks/run.ts";
import { doctorChecks } from "../tasks/lib/doctor/registry.ts";
import { loadConfig } from "../tasks/lib/core/config/load.ts";
import { cleanupBroken, makeBrokenRepo } from "../test/doctor/broken-repo.ts";
import { tempDir, writeFiles } from "../test/helpers/gitdir.ts";
import { runEntry } from "../test/helpers/run-entry.ts";
import {
  type BenchResult,
  type BenchRow,
  median,
  printRows,
  ratioRow,
  repositoriesIn,
  sideBySide,
  DENO_RUN,
  TSX,
} from "./measure.ts";

const TARGET_MS = 3000;
const TARGET_RATIO = 1.5;
const FILES = 2_000;
const DOCS = 200;
const RUNS = 5;

/** 2,000 files, 200 of them docs, in the shape of a Python + Tauri project; committed once. */
function generatedRepo(): string {
  const dir = tempDir("rc-doctor-bench-");
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "atlas"\nversion = "1.4.0"\n',
    "src/atlas/__version__.py": '__version__ = "1.4.0"\n',
    "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-01-01\n\n### Fixed\n\n- A fix\n",
    "release.config.ts": 'export default { name: "atlas", repository: "acme/atlas" };\n',
    "scripts/build.sh": "#!/bin/sh\necho build\n",
  };
  const code = FILES - DOCS - Object.keys(files).length;
  for (let i = 0; i < code; i++) files[`src/atlas/pkg${i % 40}/mod${i}.py`] = `"""Module ${i}."""\n\nVALUE = ${i}\n`;
  for (let i = 0; i < DOCS; i++)
    files[`docs/guide/page-${i}.md`] = [
      `# Page ${i}`,
      "",
      `The module \`src/atlas/pkg${i % 40}/mod${i}.py\` holds value ${i}; see \`scripts/build.sh\`.`,
      "",
      "```bash",
      "npx tsx release.ts --dry-run",
      `npx tsx tasks/doctor.ts --only 'docs.*'`,
      "```",
      "",
      "Run the release from your machine: it creates the GitHub Release itself.",
      "",
    ].join("\n");
  writeFiles(dir, files);
  execFileSync(TSX, [join(import.meta.dirname, "..", "tasks", "gen-workflows.ts"), "--repo", dir], { stdio: "ignore" });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "initial");
  return dir;
}

/**
 * A module that imports, all at once, every ES module one doctor run on `repo` resolved
 * (recorded by a resolve hook chained after tsx's), except the entry and the config: the
 * doctor's module loading without its work. Modules loaded with `require` (the YAML
 * library) are not in it, so it slightly understates the loading.
 */
function loadOnlyModule(repo: string, dir: string): string {
  const log = join(dir, "modules.txt");
  const hooks = join(dir, "record-hooks.mjs");
  writeFiles(dir, {
    "record-hooks.mjs": `import { appendFileSync } from "node:fs";\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  if (r.url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, r.url + "\\n");\n  return r;\n}\n`,
    "record.mjs": `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  });
  const loader = pathToFileURL(join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
  const entry = join(import.meta.dirname, "..", "tasks", "doctor.ts");
  spawnSync(
    process.execPath,
    [
      "--import",
      loader,
      "--import",
      pathToFileURL(join(dir, "record.mjs")).href,
      entry,
      "--offline",
      "--json",
      "--repo",
      repo,
    ],
    {
      stdio: "ignore",
      env: { ...process.env, CI: undefined, GITHUB_TOKEN: undefined, GH_TOKEN: undefined },
    },
  );
  const urls = [...new Set(readFileSync(log, "utf8").split("\n"))].filter(
    (u) => u && u !== pathToFileURL(entry).href && !u.includes("release.config.ts"),
  );
  const file = join(dir, "load-only.mts");
  writeFileSync(file, `await Promise.all([\n${urls.map((u) => `  import(${JSON.stringify(u)}),`).join("\n")}\n]);\n`);
  console.log(`the doctor on the generated repository resolved ${urls.length} ES modules`);
  return file;
}

const doctor = (repo: string, runtime: string[] = [TSX]) => ({
  argv: [...runtime, join(import.meta.dirname, "..", "tasks", "doctor.ts"), "--offline", "--json", "--repo", repo],
  env: { CI: undefined, GITHUB_TOKEN: undefined, GH_TOKEN: undefined },
  codes: [0, 1],
});

/** The doctor on the generated repository, next to `tsx -e 0`, by Deno, and importing its modules alone. */
function generatedRepoRows(): BenchRow[] {
  const generated = generatedRepo();
  const scratch = tempDir("rc-doctor-bench-modules-");
  try {
    const loadOnly = loadOnlyModule(generated, scratch);
    const [ours, base, loading, deno] = sideBySide(
      [doctor(generated), { argv: [TSX, "-e", "0"] }, { argv: [TSX, loadOnly] }, doctor(generated, DENO_RUN)],
      RUNS,
    );
    return [
      ratioRow(
        `\`tsx tasks/doctor.ts --offline --json\`, ${FILES} files, ${DOCS} docs`,
        ours!,
        "`tsx -e 0`",
        base!,
        TARGET_RATIO,
      ),
      ratioRow(
        `\`deno run -A tasks/doctor.ts --offline --json\`, ${FILES} files, ${DOCS} docs`,
        deno!,
        "`tsx -e 0`",
        base!,
        TARGET_RATIO,
      ),
      {
        what: "importing every module that doctor run loads, and nothing else",
        ms: loading!,
        against: "`tsx -e 0`",
        againstMs: base!,
        target: "—",
        ok: true,
        forScale: true,
      },
    ];
  } finally {
    rmSync(generated, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The doctor on each real repository given, by tsx and by Deno, next to `tsx -e 0`. */
function realRepoRows(repo: string): BenchRow[] {
  const [ours, base, deno] = sideBySide([doctor(repo), { argv: [TSX, "-e", "0"] }, doctor(repo, DENO_RUN)], RUNS);
  return [
    ratioRow(`\`tsx tasks/doctor.ts --offline --json\` on ${repo}`, ours!, "`tsx -e 0`", base!, TARGET_RATIO),
    ratioRow(`\`deno run -A tasks/doctor.ts --offline --json\` on ${repo}`, deno!, "`tsx -e 0`", base!, TARGET_RATIO),
  ];
}

/** The repository holding every broken case: the entry's time (median of 3), the checks' own, and how many fail. */
async function brokenRepo(): Promise<{ entryMs: number; inProcessMs: number; checks: number; failed: number }> {
  const repo = makeBrokenRepo();
  try {
    const env = { CI: undefined, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, ...repo.env };
    const entry: number[] = [];
    let failed = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = runEntry("tasks/doctor.ts", ["--json", "--offline", "--repo", repo.dir, "--p12", repo.p12], {
        env,
        runtime: "tsx",
      });
      entry.push(performance.now() - t0);
      failed = (JSON.parse(r.stdout) as { checks: { status: string }[] }).checks.filter(
        (c) => c.status === "fail",
      ).length;
    }
    const inProcess: number[] = [];
    const config = await loadConfig(repo.dir, { env });
    let checks = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const results = await runChecks(doctorChecks(), {
        root: repo.dir,
        config,
        env,
        now: new Date(),
        offline: true,
        facts: { "signing.p12Path": repo.p12 },
      });
      inProcess.push(performance.now() - t0);
      checks = results.length;
    }
    return { entryMs: median(entry), inProcessMs: median(inProcess), checks, failed };
  } finally {
    cleanupBroken(repo);
  }
}

export default async function (argv: string[] = []): Promise<BenchResult> {
  const rows: BenchRow[] = [...generatedRepoRows(), ...repositoriesIn(argv).flatMap(realRepoRows)];
  printRows(rows);
  const broken = await brokenRepo();
  console.log("\n| the broken repository | median of 3 | target |");
  console.log("| --- | --- | --- |");
  console.log(
    `| \`tsx tasks/doctor.ts --json --offline\` (process start included) | ${(broken.entryMs / 1000).toFixed(2)} s | < ${TARGET_MS / 1000} s |`,
  );
  console.log(`| the ${broken.checks} checks in process | ${(broken.inProcessMs / 1000).toFixed(2)} s | |`);
  console.log(`\n${broken.failed} checks failed on the broken repository, as they should.`);
  return { ok: broken.entryMs < TARGET_MS && broken.failed >= 12 && rows.every((r) => r.ok), rows };
}
