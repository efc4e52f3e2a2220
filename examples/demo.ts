/**
 * `npm run demo`: the release cut on the embedded sample, offline. Copies
 * examples/desktop-app into a throwaway git repository with a bare `origin` and a
 * tagged v0.4.2, adds a realistic series of conventional commits (and a merge), then
 * runs `release.ts --yes` and shows the plan, the release commit and the tag.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

try {
  say(`a throwaway copy of examples/desktop-app in ${work}`);
  cpSync(join(projectRoot, "examples", "desktop-app"), work, { recursive: true });
  git("init", "-q", "-b", "main");
  for (const [k, v] of [["user.name", "Ada Field"], ["user.email", "ada@example.org"], ["commit.gpgsign", "false"], ["tag.gpgsign", "false"]]) git("config", k!, v!);
  git("add", "-A");
  git("commit", "-q", "-m", "release: v0.4.2");
  git("tag", "-a", "v0.4.2", "-m", "Atlas v0.4.2");
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", origin], { env });
  git("remote", "add", "origin", origin);

  commit("feat(map): cluster field plots at low zoom levels", "src/atlas/cli.py", "# map clustering");
  commit("fix: keep the sidecar alive when the window is hidden\n\nThe sidecar was stopped with the last window.\n\nRefs: #142", "src/atlas/cli.py", "# sidecar keep-alive");
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

  say("tsx release.ts --yes --github-repo example-org/atlas");
  const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
  const r = spawnSync(tsx, [join(projectRoot, "release.ts"), "--yes", "--github-repo", "example-org/atlas"], { cwd: work, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`release.ts exited ${r.status}`);

  say("the release commit: git show --stat HEAD");
  console.log(git("show", "--stat", "--format=%h %s%n", "HEAD"));
  say("the version lines it changed");
  const diff = git("show", "--format=", "-U0", "HEAD", "--", ".", ":(exclude)CHANGELOG.md");
  console.log(diff.split("\n").filter((l) => /^(\+\+\+|[-+].*\d+\.\d+)/.test(l) && !l.startsWith("---")).join("\n"));
  say("the tag: git show --no-patch v0.5.0");
  console.log(git("show", "--no-patch", "--format=%h %s", "v0.5.0"));
  say("not pushed yet: publishing (push, GitHub Release, fan-out) is the next step of the contract");
} finally {
  if (!process.env.KEEP_DEMO) rmSync(base, { recursive: true, force: true });
}
