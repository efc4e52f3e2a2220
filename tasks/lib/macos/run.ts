/**
 * The thin runner: executes a `FinalizePlan` step by step from the bundle's parent.
 * Apple's tools go through the process door (`write`, so dry-run refuses them);
 * `node:*` steps and the updater signature are done in-process by the publishing
 * modules (updater.ts, latest-json.ts, release-assets.ts). Notarization succeeds on `status == "Accepted"` only.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { GitHub } from "../github/client.ts";
import { read, write, type RunOptions, type RunResult } from "../core/exec.ts";
import { step } from "../core/log.ts";
import { registerSecret } from "../core/redact.ts";
import { ReleaseError } from "../core/errors.ts";
import { isAccepted, logCommand, notarizationError, parseSubmitOutput } from "./notarize.ts";
import type { FinalizePlan } from "./plan.ts";
import { downloadReleaseAsset, uploadReleaseAssets } from "./release-assets.ts";
import { mergeLatestJson, validateLatestJson } from "./latest-json.ts";
import { createUpdaterArchive, signUpdaterArchive } from "./updater.ts";
import type { UpdaterKeyInput } from "../signing/updater-key-resolve.ts";
import type { PlanStep } from "./steps.ts";

export interface ProcessDoor {
  read(command: string[], opts: RunOptions): Promise<RunResult>;
  write(command: string[], opts: RunOptions): Promise<RunResult>;
}

export interface PublishContext {
  gh?: GitHub;
  repo?: string;
  tag?: string;
  notes?: string;
  arch: string;
  key?: UpdaterKeyInput;
  now: Date;
}

export interface RunContext {
  /** the bundle's parent: every plan path is relative to it */
  parent: string;
  plan: FinalizePlan;
  env: NodeJS.ProcessEnv;
  door?: ProcessDoor;
  publish: PublishContext;
}

/** Replace `$NAME` arguments by their value from `env` (secrets registered first). */
export function expandArgs(command: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return command.map((a) => {
    const m = /^\$([A-Z][A-Z0-9_]*)$/.exec(a);
    if (!m) return a;
    const value = env[m[1]!];
    if (value === undefined)
      throw new ReleaseError(
        "macos.env-missing",
        `Cannot run the plan: ${m[1]} is not set`,
        `Set ${m[1]} (the preconditions should have caught this).`,
      );
    if (/PASSWORD|TOKEN|SECRET/.test(m[1]!)) registerSecret(value);
    return value;
  });
}

async function notarize(s: PlanStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const r = await door.write(expandArgs(s.command, ctx.env), {
    cwd: ctx.parent,
    nothrow: true,
    timeoutMs: 3 * 60 * 60 * 1000,
  });
  const result = parseSubmitOutput(r.stdout || r.stderr);
  if (isAccepted(result)) return;
  let log: string | undefined;
  if (result.id)
    log = (await door.read(expandArgs(logCommand(result.id), ctx.env), { cwd: ctx.parent, nothrow: true })).stdout;
  throw notarizationError(s.paths[0] ?? "the archive", result, log);
}

function releaseUrl(repo: string, tag: string, name: string): string {
  return `https://github.com/${repo}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(name)}`;
}

async function manifest(s: PlanStep, ctx: RunContext): Promise<void> {
  const p = ctx.publish;
  if (p.arch !== "aarch64" && p.arch !== "x86_64") {
    throw new ReleaseError(
      "macos.arch",
      `Cannot write latest.json for arch ${p.arch}`,
      "Pass --arch aarch64 or --arch x86_64.",
    );
  }
  const archiveStep = ctx.plan.steps.find((x) => x.kind === "updater-sign")!;
  const archive = archiveStep.paths[0]!;
  const signature = (await readFile(join(ctx.parent, `${archive}.sig`), "utf8")).trim();
  const dmg = ctx.plan.steps.find((x) => x.kind === "dmg")?.paths[1];
  const repo = p.repo ?? "OWNER/NAME";
  const tag = p.tag ?? `v${ctx.plan.version}`;
  let existing: unknown;
  if (p.gh && p.repo && p.tag) {
    const buf = await downloadReleaseAsset(p.gh, { repo: p.repo, tag: p.tag, name: "latest.json" });
    if (buf) existing = JSON.parse(buf.toString("utf8"));
  }
  const doc = validateLatestJson(
    mergeLatestJson(existing, {
      version: ctx.plan.version,
      notes: p.notes ?? "",
      pubDate: p.now.toISOString(),
      arch: p.arch,
      signature,
      url: releaseUrl(repo, tag, basename(archive)),
      ...(dmg ? { appUrl: releaseUrl(repo, tag, basename(dmg)) } : {}),
    }),
  );
  await writeFile(join(ctx.parent, s.paths[0]!), JSON.stringify(doc, null, 2) + "\n");
}

async function runStep(s: PlanStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const abs = (p: string) => join(ctx.parent, p);
  if (s.kind === "notarize") return notarize(s, ctx, door);
  if (s.command[0] === "node:tar") return createUpdaterArchive(abs(s.paths[0]!), abs(s.paths[1]!));
  if (s.kind === "updater-sign") {
    if (!ctx.publish.key)
      throw new ReleaseError(
        "macos.updater-key",
        "Cannot sign the updater archive: no key",
        "Set TAURI_SIGNING_PRIVATE_KEY and its password.",
      );
    await signUpdaterArchive({
      file: abs(s.paths[0]!),
      key: ctx.publish.key,
      version: ctx.plan.version,
      cwd: ctx.parent,
      env: ctx.env,
    });
    return;
  }
  if (s.kind === "manifest") return manifest(s, ctx);
  if (s.kind === "upload") {
    const { gh, repo, tag } = ctx.publish;
    if (!gh || !repo || !tag)
      throw new ReleaseError(
        "macos.release-target",
        "Cannot upload: no release named",
        "Pass --release-tag and --github-repo, set GITHUB_TOKEN, or use --skip-upload.",
      );
    await uploadReleaseAssets(gh, { repo, tag, files: s.paths.map(abs) });
    return;
  }
  await door.write(expandArgs(s.command, ctx.env), { cwd: ctx.parent });
}

/** Execute every step in order; the first failure stops the run with its reason. */
export async function runPlan(ctx: RunContext): Promise<void> {
  const door = ctx.door ?? { read, write };
  const outDirs = new Set(
    ctx.plan.steps.filter((s) => s.kind === "manifest").map((s) => join(ctx.parent, s.paths[0]!, "..")),
  );
  for (const d of outDirs) await mkdir(d, { recursive: true });
  for (const [i, s] of ctx.plan.steps.entries()) {
    await step(
      `${i + 1}/${ctx.plan.steps.length} ${s.kind} ${s.paths.length > 2 ? `${s.paths.length} paths` : s.paths.join(" ")}`,
      () => runStep(s, ctx, door),
    );
  }
}
