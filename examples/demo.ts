/**
 * `npm run demo`: the whole release contract on the embedded sample, offline. Copies
 * examples/desktop-app (without its config) into a throwaway git repository with a
 * bare `origin` and tags v0.4.2; adopts it with `tasks/adopt.ts` (config inferred, the
 * toolkit vendored under tools/release, workflows generated, doctor run), adds a
 * realistic series of conventional commits (and a merge), then runs `release.ts --yes`
 * against the GitHub stand-in on 127.0.0.1, with immutable releases switched on: commit,
 * tag, one atomic push to the local origin, the draft made with the operator's token,
 * the builds dispatched (a simulated CI plays them with the workflow's own token and the
 * toolkit's upload code), the wait for every promised asset, one publication (immutable
 * from then on) and the PyPI run it starts, the verification; then an upload into the
 * published release, refused with the reason, and a rerun that finds everything done.
 */
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIGNING_ENV } from "../tasks/lib/core/config/workflows-schema.ts";
import { loadConfig } from "../tasks/lib/core/config/index.ts";
import { simulatedCi } from "../tasks/stand-in/ci.ts";
import { startStandIn } from "../tasks/stand-in/index.ts";

const projectRoot = join(import.meta.dirname, "..");
const base = mkdtempSync(join(tmpdir(), "release-demo-"));
const work = join(base, "atlas");
const origin = join(base, "origin.git");
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Ada Field",
  GIT_AUTHOR_EMAIL: "ada@example.org",
  GIT_COMMITTER_NAME: "Ada Field",
  GIT_COMMITTER_EMAIL: "ada@example.org",
};
const git = (...args: string[]) => execFileSync("git", args, { cwd: work, env, encoding: "utf8" });
const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const say = (title: string) => console.log(`\n${bold(`=== ${title}`)}`);

function commit(message: string, file: string, line: string): void {
  appendFileSync(join(work, file), line + "\n");
  git("add", "-A");
  git("commit", "-q", "-m", message);
}

/** Run a command with inherited output, without blocking the event loop (the stand-in lives here). */
function run(cmd: string, args: string[], extraEnv: Record<string, string>): Promise<number> {
  return new Promise((done) =>
    spawn(cmd, args, { cwd: work, env: { ...env, ...extraEnv }, stdio: "inherit" }).on("close", (code) =>
      done(code ?? 1),
    ),
  );
}

try {
  say(`a throwaway copy of examples/desktop-app in ${work}`);
  const sample = join(projectRoot, "examples", "desktop-app");
  // Its release.config.ts is left behind: adoption infers the config from the files.
  cpSync(sample, work, { recursive: true, filter: (src) => src !== join(sample, "release.config.ts") });
  git("init", "-q", "-b", "main");
  for (const [k, v] of [
    ["user.name", "Ada Field"],
    ["user.email", "ada@example.org"],
    ["commit.gpgsign", "false"],
    ["tag.gpgsign", "false"],
  ])
    git("config", k!, v!);
  git("add", "-A");
  git("commit", "-q", "-m", "release: v0.4.2");
  git("tag", "-a", "v0.4.2", "-m", "Atlas v0.4.2");
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", origin], { env });
  git("remote", "add", "origin", origin);

  say("tsx tasks/adopt.ts --repo . --toolkit-dir tools/release");
  const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
  // Adoption as a maintainer runs it: the config inferred, the toolkit vendored, the workflows generated, the doctor run.
  const adopted = await run(
    tsx,
    [join(projectRoot, "tasks", "adopt.ts"), "--repo", ".", "--toolkit-dir", "tools/release"],
    {},
  );
  if (adopted !== 0) throw new Error(`adopt.ts exited ${adopted}`);
  git("add", "-A");
  git("commit", "-q", "-m", "chore: adopt the release toolkit");

  commit("feat(map): cluster field plots at low zoom levels", "src/atlas/cli.py", "# map clustering");
  commit(
    "fix: keep the sidecar alive when the window is hidden\n\nThe sidecar was stopped with the last window.\n\nRefs: #142",
    "src/atlas/cli.py",
    "# sidecar keep-alive",
  );
  commit("docs: explain the GeoPackage export", "README.md", "\nExport to GeoPackage from the Publish tab.");
  commit("perf(import): stream CSV files instead of loading them whole", "src/atlas/cli.py", "# streaming import");
  git("switch", "-q", "-c", "fix/tray");
  commit("fix(desktop): restore the window from the tray on macOS", "src-tauri/src/main.rs", "// tray restore");
  git("switch", "-q", "main");
  git("merge", "-q", "--no-ff", "-m", "Merge branch 'fix/tray'", "fix/tray");
  commit("feat: export a plot list as CSV", "src/atlas/cli.py", "# csv export");
  commit("chore(deps): bump pandas to 2.2.3", "pyproject.toml", "# pandas 2.2.3");
  git("push", "-q", "origin", "main", "--tags");
  console.log(git("log", "--oneline", "--graph", "v0.4.2~0..HEAD"));

  say("the GitHub stand-in on 127.0.0.1 (example-org/atlas, immutable releases on, a simulated CI)");
  const ci = simulatedCi(await loadConfig(work));
  const standIn = await startStandIn({
    repo: "example-org/atlas",
    workflowsDir: join(work, ".github", "workflows"),
    gitDir: origin,
    environments: ["pypi"],
    immutable: true,
    runner: ci.runner,
  });
  // The repository is set up as the doctor expects: its signing secrets exist (names only here).
  const now = new Date().toISOString();
  for (const name of SIGNING_ENV) {
    standIn.state.repoSecrets.set(name, {
      name,
      encrypted_value: "",
      key_id: "",
      value: "(set)",
      created_at: now,
      updated_at: now,
    });
  }
  console.log(`${standIn.url} with ${standIn.state.workflows.length} workflow(s)`);
  try {
    say("tsx release.ts --yes --github-repo example-org/atlas");
    // The operator's machine, not a CI job (the doctor expects the signing secrets only in CI).
    const cutEnv = {
      GITHUB_API_URL: standIn.url,
      GH_TOKEN: standIn.token,
      GITHUB_TOKEN: "",
      GITHUB_ACTIONS: "",
      CI: "",
    };
    const code = await run(
      tsx,
      [join(projectRoot, "release.ts"), "--yes", "--github-repo", "example-org/atlas"],
      cutEnv,
    );
    if (code !== 0) throw new Error(`release.ts exited ${code}`);

    say("the release commit: git show --stat HEAD");
    console.log(git("show", "--stat", "--format=%h %s%n", "HEAD"));
    say("the version lines it changed");
    const diff = git("show", "--format=", "-U0", "HEAD", "--", ".", ":(exclude)CHANGELOG.md");
    console.log(
      diff
        .split("\n")
        .filter((l) => /^(\+\+\+|[-+].*\d+\.\d+)/.test(l) && !l.startsWith("---"))
        .join("\n"),
    );
    say("origin after the atomic push: git ls-remote origin main v0.5.0");
    console.log(git("ls-remote", "origin", "refs/heads/main", "refs/tags/v0.5.0").trim());
    say("the GitHub Release on the stand-in");
    for (const r of standIn.state.releases) {
      console.log(
        `${r.name} (${r.tag_name})${r.prerelease ? " pre-release" : ""}${standIn.state.latestReleaseId === r.id ? " latest" : ""}${r.immutable ? " immutable" : ""}, published by ${r.author}\n\n${r.body}`,
      );
      console.log(`assets:\n${r.assets.map((a) => `  ${a.name}`).join("\n")}`);
    }
    say("the runs: builds dispatched against the draft, then PyPI from the publication");
    for (const o of ci.observed)
      console.log(
        `${o.workflow.padEnd(20)} ${o.event.padEnd(17)} saw the release as ${o.release ? (o.release.draft ? "a draft" : "published") : "missing"} with ${o.release?.assets.length ?? 0} asset(s)`,
      );
    say("an upload into the published (immutable) release is refused with the reason");
    const late = join(base, "late");
    mkdirSync(late);
    writeFileSync(join(late, "late.txt"), "too late\n");
    const refused = await run(
      tsx,
      [
        join(projectRoot, "tasks", "upload-assets.ts"),
        "--release-tag",
        "v0.5.0",
        "--dir",
        late,
        "--github-repo",
        "example-org/atlas",
      ],
      { GITHUB_API_URL: standIn.url, GITHUB_TOKEN: standIn.actionsToken },
    );
    console.log(`exit ${refused}`);
    say("a rerun finds everything done (no second commit, tag or release)");
    const again = await run(
      tsx,
      [join(projectRoot, "release.ts"), "--yes", "--no-watch", "--github-repo", "example-org/atlas", "--skip-checks"],
      cutEnv,
    );
    console.log(`exit ${again}; releases on the stand-in: ${standIn.state.releases.length}`);
  } finally {
    await standIn.close();
  }
} finally {
  if (!process.env.KEEP_DEMO) rmSync(base, { recursive: true, force: true });
}
