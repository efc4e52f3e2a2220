/**
 * `tsx release.ts --rehearse`: the whole cut on a throwaway copy. The repository is
 * cloned into a temp dir whose `origin` is a bare copy of what the repository knows
 * of its origin (refs/remotes/origin/<branch> and the tags); the GitHub stand-in
 * serves the real slug with the copy's .github/workflows, so the fan-out is decided
 * from the real `on:` blocks. What only the real GitHub can answer (the secrets' and
 * environments' names, the immutable-releases setting) is read there with the
 * operator's token and given to the stand-in; what cannot be read is skipped with the
 * reason. A simulated CI plays the dispatched builds (the toolkit's own upload code,
 * placeholder bytes), so the cut runs every step: draft, builds, publication, fan-out.
 * The cut runs there with --yes; the report says what would happen. The real
 * repository, its origin and GitHub are never written.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseCli } from "../core/cli.ts";
import { loadConfig } from "../core/config/index.ts";
import { EXIT_FAILED, UsageError } from "../core/errors.ts";
import { RELEASE } from "../core/entries.ts";
import { read, setDryRun, write } from "../core/exec.ts";
import * as git from "../release/git.ts";
import type { StandIn } from "../../stand-in/index.ts";
import { formatWatch } from "../github/watch.ts";
import { c, log, out } from "../core/log.ts";
import type { MainOptions, ReleaseReport } from "./release-report.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import { describeRealFacts, readRealFacts, type RealFacts } from "../github/real-facts.ts";
import { resolveToken } from "../github/token.ts";

export interface RehearseOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: Date;
  /** the cut itself (releaseMain), passed in to keep the modules acyclic */
  cut: (argv: string[], opts: MainOptions) => Promise<number>;
}

export interface RehearsalSummary {
  repository: string;
  placeholderSlug: boolean;
  /** uncommitted paths in the real repository, left out of the copy */
  uncommitted: string[];
  origin: { branch: string | null; tag: string | null };
  release: {
    tag: string;
    title: string | null;
    prerelease: boolean;
    latest: boolean;
    draft: boolean;
    immutable: boolean;
    assets: string[];
    notes: string | null;
  } | null;
  /** workflow files started in the copy: dispatched builds and the publication's fan-out */
  started: string[];
  /** what the real GitHub answered (or why it was skipped) */
  real: string[];
}

/** The argv of the cut run inside the copy: the user's choices, plus --yes and the copy's places. */
export function innerArgv(argv: string[], work: string, slug: string, skip: string[] = []): string[] {
  const { values, positionals } = parseCli(RELEASE, argv);
  const args = ["--yes", "--repo", work, "--github-repo", slug, ...positionals];
  for (const id of skip) args.push("--skip-check", id);
  for (const flag of ["bump", "preid"] as const) if (values[flag]) args.push(`--${flag}`, values[flag] as string);
  for (const id of values["skip-check"] ?? []) args.push("--skip-check", id);
  for (const flag of ["skip-checks", "no-watch", "json"] as const) if (values[flag]) args.push(`--${flag}`);
  return args;
}

/** A slug GitHub would accept, for a repository whose own is unknown. */
export function placeholderSlug(root: string): string {
  return `rehearsal/${basename(root).replace(/[^\w.-]+/g, "-") || "repo"}`;
}

async function makeCopy(root: string, branch: string, base: string): Promise<{ work: string; bare: string }> {
  const bare = join(base, "origin.git");
  const work = join(base, "work");
  await write(["git", "init", "--quiet", "--bare", "--initial-branch", branch, bare], { cwd: base });
  // Fetched *into* the copy, so nothing runs in (or writes to) the real repository.
  const known =
    (
      await read(["git", "rev-parse", "--verify", "--quiet", `refs/remotes/origin/${branch}`], {
        cwd: root,
        nothrow: true,
      })
    ).exitCode === 0;
  await write(
    [
      "git",
      "fetch",
      "--quiet",
      "--no-tags",
      root,
      ...(known ? [`refs/remotes/origin/${branch}:refs/heads/${branch}`] : []),
      "refs/tags/*:refs/tags/*",
    ],
    { cwd: bare },
  );
  await write(["git", "clone", "--quiet", "--no-hardlinks", root, work], { cwd: base });
  await write(["git", "remote", "set-url", "origin", bare], { cwd: work });
  await write(["git", "fetch", "--quiet", "--prune", "origin"], { cwd: work });
  for (const key of ["user.name", "user.email"]) {
    const v = (await read(["git", "config", key], { cwd: root, nothrow: true })).stdout.trim();
    if (v) await write(["git", "config", key, v], { cwd: work });
  }
  return { work, bare };
}

function summarize(
  standIn: StandIn,
  slug: string,
  placeholder: boolean,
  uncommitted: string[],
  report: ReleaseReport | undefined,
  originRefs: RehearsalSummary["origin"],
  real: RealFacts,
): RehearsalSummary {
  const release = standIn.state.releases.find((r) => r.tag_name === report?.plan.tag) ?? null;
  return {
    repository: slug,
    placeholderSlug: placeholder,
    uncommitted,
    origin: originRefs,
    release: release && {
      tag: release.tag_name,
      title: release.name,
      prerelease: release.prerelease,
      latest: standIn.state.latestReleaseId === release.id,
      draft: release.draft,
      immutable: release.immutable,
      assets: release.assets.map((a) => a.name).sort(),
      notes: release.body,
    },
    started: [...new Set(standIn.state.runs.map((r) => r.workflow))].sort(),
    real: describeRealFacts(real),
  };
}

function render(s: RehearsalSummary, report: ReleaseReport | undefined, code: number): string {
  const lines = [
    c.bold(
      `Rehearsal for ${s.repository}${s.placeholderSlug ? " (placeholder slug: the real one is unknown)" : ""}: nothing real was changed`,
    ),
  ];
  if (s.uncommitted.length)
    lines.push(
      `  ${c.yellow("note:")} ${s.uncommitted.length} uncommitted path(s) were left out; the real cut blocks on them (git.dirty)`,
    );
  lines.push(`  steps: ${report?.steps?.map((x) => `${x.id} ${x.status}`).join(", ") ?? "none ran"}`);
  if (s.origin.branch)
    lines.push(
      `  push: origin ${report?.state.branch ?? ""} → ${s.origin.branch.slice(0, 12)} and ${report?.plan.tag} in one atomic push`,
    );
  lines.push(...s.real.map((l) => `  real GitHub, ${l}`));
  if (s.release)
    lines.push(
      `  release: "${s.release.title}" for ${s.release.tag}${s.release.draft ? ", still a draft" : ", published"}${s.release.immutable ? ", immutable" : ""}${s.release.prerelease ? ", pre-release" : ""}${s.release.latest ? ", latest" : ""}, ${s.release.assets.length} asset(s) (simulated builds); notes:\n${(s.release.notes ?? "").trimEnd().replace(/^/gm, "    ")}`,
    );
  const watched = report?.fanOut?.map((w) => `    ${formatWatch(w)}`) ?? [];
  lines.push(
    `  workflows (would start): ${s.started.length ? s.started.join(", ") : "nothing"}${watched.length ? `\n${watched.join("\n")}` : ""}`,
  );
  if (code !== 0)
    lines.push(
      `  ${c.red("the real cut would fail:")} ${report?.error ? `[${report.error.code}] ${report.error.message}` : "blocked by the checks above"}`,
    );
  else
    lines.push(
      `  Run \`tsx release.ts --yes${report?.plan.target ? ` ${report.plan.target}` : ""}\` to do it for real.`,
    );
  return lines.join("\n");
}

/** The real repository's facts, read with the operator's token (nothing without a real slug or a token). */
async function realFacts(config: ReleaseConfig, root: string, env: NodeJS.ProcessEnv): Promise<RealFacts> {
  if (!config.repository) return readRealFacts(null, undefined, "the real repository is unknown (placeholder slug)");
  const token = await resolveToken({
    env,
    cwd: root,
    ...(config.github.apiUrl ? { apiUrl: config.github.apiUrl } : {}),
  });
  if (!token) return readRealFacts(null, undefined, "no GitHub token (GH_TOKEN, GITHUB_TOKEN or a logged-in gh)");
  const { createGitHub } = await import("../github/client.ts");
  const gh = createGitHub({ token: token.token, baseUrl: token.apiUrl, retries: 1, retryAfterMs: 500 });
  return readRealFacts(gh, config.repository);
}

/** The checks the stand-in cannot answer truly, because the real answer could not be read. */
export function unreadChecks(real: RealFacts): string[] {
  return [
    ...("skipped" in real.secrets ? ["github.secrets-missing"] : []),
    ...("skipped" in real.environments ? ["github.pypi-environment"] : []),
  ];
}

/** The stand-in as the real repository is: its setting (on when unknown), environments, secrets' names; a simulated CI. */
async function rehearsalStandIn(
  config: ReleaseConfig,
  slug: string,
  work: string,
  bare: string,
  real: RealFacts,
): Promise<StandIn> {
  const { startStandIn } = await import("../../stand-in/index.ts");
  const { simulatedCi } = await import("../../stand-in/ci.ts");
  const envs = "value" in real.environments ? real.environments.value : {};
  const s = await startStandIn({
    repo: slug,
    workflowsDir: join(work, ".github", "workflows"),
    gitDir: bare,
    immutable: real.immutable.state !== "off",
    environments: Object.keys(envs),
    runner: simulatedCi(config).runner,
  });
  const seeded = (name: string) => ({
    name,
    encrypted_value: "",
    key_id: "",
    value: "(set on GitHub)",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  });
  for (const name of "value" in real.secrets ? real.secrets.value : []) s.state.repoSecrets.set(name, seeded(name));
  for (const [env, names] of Object.entries(envs))
    for (const name of names) s.state.environments.get(env)!.secrets.set(name, seeded(name));
  return s;
}

export async function rehearse(argv: string[], opts: RehearseOptions): Promise<number> {
  const { values } = parseCli(RELEASE, argv);
  if (values["dry-run"])
    throw new UsageError("Cannot combine --rehearse with --dry-run: a rehearsal already changes nothing real");
  const root = await git.topLevel(resolve(opts.cwd, values.repo ?? "."));
  const config = await loadConfig(root, { env: opts.env, githubRepo: values["github-repo"] });
  const slug = config.repository ?? placeholderSlug(root);
  const uncommitted = await git.dirtyPaths(root);
  // The writes below go to the throwaway copy only (the switch is put back afterwards).
  const wasDryRun = setDryRun(false);
  const base = mkdtempSync(join(tmpdir(), "release-rehearsal-"));
  let standIn: StandIn | undefined;
  try {
    log(`${c.cyan("→")} rehearsing in a throwaway copy (${base})`);
    const { work, bare } = await makeCopy(root, config.branch, base);
    const real = await realFacts(config, root, opts.env);
    standIn = await rehearsalStandIn(config, slug, work, bare, real);
    let report: ReleaseReport | undefined;
    const code = await opts.cut(innerArgv(argv, work, slug, unreadChecks(real)), {
      ...againstStandIn(opts, standIn, work),
      onReport: (r) => void (report = r),
      emitJson: false,
    });
    const summary = summarize(
      standIn,
      slug,
      !config.repository,
      uncommitted,
      report,
      await originRefs(bare, config.branch, report?.plan.tag),
      real,
    );
    if (values.json) out(JSON.stringify({ rehearsal: summary, ...report }, null, 2));
    else out(`\n${render(summary, report, code)}`);
    return report ? code : EXIT_FAILED;
  } finally {
    setDryRun(wasDryRun);
    await standIn?.close();
    rmSync(base, { recursive: true, force: true });
  }
}

/** The cut's environment in the copy: the stand-in's URL and token, and short waits (its CI plays a build in milliseconds). */
function againstStandIn(opts: RehearseOptions, standIn: StandIn, work: string) {
  const url = standIn.url;
  return {
    env: { ...opts.env, GITHUB_API_URL: url, GH_TOKEN: standIn.token, GITHUB_TOKEN: undefined },
    cwd: work,
    now: opts.now,
    configOverride: (cfg: ReleaseConfig): ReleaseConfig => ({
      ...cfg,
      github: { ...cfg.github, apiUrl: url, watchSeconds: 0, buildMinutes: 1, buildPollSeconds: 0.05 },
    }),
  };
}

/** Where the rehearsal's origin left the branch and the tag. */
async function originRefs(bare: string, branch: string, tag: string | null | undefined) {
  const refs = await read(
    [
      "git",
      "for-each-ref",
      "--format=%(refname) %(objectname)",
      `refs/heads/${branch}`,
      ...(tag ? [`refs/tags/${tag}`] : []),
    ],
    { cwd: bare },
  );
  const map = new Map(
    refs.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
  return { branch: map.get(`refs/heads/${branch}`) ?? null, tag: tag ? (map.get(`refs/tags/${tag}`) ?? null) : null };
}
