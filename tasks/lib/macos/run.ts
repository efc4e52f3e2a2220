/**
 * The thin runner: executes a `FinalizePlan` step by step from the bundle's parent.
 * Programs go through the process door (`write`, so dry-run refuses them); the keychain
 * steps whose output it reads and the signature inspection are answered here;
 * notarization is notarize-run.ts (submit or resume, then wait within the run's bound);
 * the in-process steps are done by the modules that own them (the updater archive and
 * signature, latest.json, the upload to the release's draft).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { read, write } from "../core/exec.ts";
import { log as say, step } from "../core/log.ts";
import { registerSecret } from "../core/redact.ts";
import { ReleaseError } from "../core/errors.ts";
import { downloadReleaseAsset, releaseForUpload, uploadReleaseAssets } from "../github/release-assets.ts";
import { MANIFEST_NAME, mergeManifest, releaseAssetUrl, renderLatestJson } from "../updater/manifest.ts";
import { CERTIFICATE_ENV, chooseIdentity, parseSearchList, SEARCH_LIST } from "./keychain.ts";
import { parseCodesignDisplay, signatureProblems, teamOfIdentity } from "./codesign-display.ts";
import { createUpdaterArchive, signUpdaterArchive } from "./updater-archive.ts";
import type { InProcessStep, PlanStep, ProgramStep } from "./steps.ts";
import { notarizeStep } from "./notarize-run.ts";
import { expandArgs, type ProcessDoor, type PublishContext, type RunContext } from "./run-context.ts";

export type { ProcessDoor, PublishContext, RunContext } from "./run-context.ts";

/** Where release assets are downloaded from (the release page's server: github.com, GHES, the stand-in) and its body. */
async function releaseFacts(p: PublishContext): Promise<{ server: string; body?: string }> {
  if (!p.gh || !p.repo || !p.tag) return { server: "https://github.com" };
  const release = await releaseForUpload(p.gh, p.repo, p.tag);
  const at = release.html_url?.indexOf(`/${p.repo}/releases/`) ?? -1;
  return {
    server: release.html_url && at > 0 ? release.html_url.slice(0, at) : "https://github.com",
    body: release.body || undefined,
  };
}

type Step<A extends InProcessStep["inProcess"]> = Extract<InProcessStep, { inProcess: A }>;

async function manifest(s: Step<"latest-json">, ctx: RunContext): Promise<void> {
  const p = ctx.publish;
  const entries = s.entries;
  const repo = p.repo ?? "OWNER/NAME";
  const tag = p.tag ?? `${p.tagPrefix}${ctx.plan.version}`;
  const { server, body } = await releaseFacts(p);
  let existing: unknown;
  if (p.gh && p.repo && p.tag) {
    existing = await downloadReleaseAsset(p.gh, { repo: p.repo, tag: p.tag, name: MANIFEST_NAME });
  }
  // The .sig files were written beside the archive this run made (the output folder).
  const outDir = dirname(join(ctx.parent, s.paths[0]!));
  const signatures = new Map<string, string>();
  for (const e of entries)
    if (!signatures.has(e.signatureFile))
      signatures.set(e.signatureFile, (await readFile(join(outDir, e.signatureFile), "utf8")).trim());
  const doc = mergeManifest(existing, {
    version: ctx.plan.version,
    notes: p.notes,
    fallbackNotes: body,
    pubDate: p.now.toISOString(),
    entries: Object.fromEntries(
      entries.map((e) => [
        e.key,
        { signature: signatures.get(e.signatureFile)!, url: releaseAssetUrl(repo, tag, e.asset, server) },
      ]),
    ),
  });
  await writeFile(join(ctx.parent, s.paths[0]!), renderLatestJson(doc));
}

/** APPLE_CERTIFICATE's base64 as the .p12 file the keychain imports (owner-only). */
async function writeCertificate(s: Step<"write-certificate">, ctx: RunContext): Promise<void> {
  const b64 = ctx.env[CERTIFICATE_ENV] ?? "";
  registerSecret(b64);
  await writeFile(s.paths[0]!, Buffer.from(b64.replace(/\s+/g, ""), "base64"), { mode: 0o600 });
}

/** Keychain programs whose output the runner reads: the search list it restores, the identity it signs with. */
async function keychainStep(s: ProgramStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const verb = s.command[1];
  if (verb === "list-keychains" && s.command.includes(SEARCH_LIST)) {
    const state = (ctx.state ??= {});
    if (state.searchList === undefined) {
      const listed = await door.read(["security", "list-keychains", "-d", "user"], { cwd: ctx.parent, nothrow: true });
      state.searchList = parseSearchList(listed.stdout);
    }
    const before = state.searchList;
    const argv = s.command.flatMap((a) => (a === SEARCH_LIST ? before : [a]));
    await door.write(expandArgs(argv, ctx.env), { cwd: ctx.parent });
    return;
  }
  if (verb === "find-identity") {
    const r = await door.read(s.command, { cwd: ctx.parent, nothrow: true });
    const wanted = ctx.env.APPLE_SIGNING_IDENTITY || undefined;
    const chosen = chooseIdentity(r.stdout, wanted);
    if (!chosen.ok)
      throw new ReleaseError(
        "macos.identity",
        `Cannot sign with the keychain ${s.command.at(-1)}: ${chosen.reason}; nothing in the bundle was changed`,
        "Import the Developer ID Application certificate with its private key (--p12 FILE or APPLE_CERTIFICATE + APPLE_CERTIFICATE_PASSWORD), or pass --identity with a name listed above.",
      );
    ctx.env = { ...ctx.env, APPLE_SIGNING_IDENTITY: chosen.identity };
    return;
  }
  await door.write(expandArgs(s.command, ctx.env), { cwd: ctx.parent });
}

async function inspect(s: ProgramStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  const r = await door.read(s.command, { cwd: ctx.parent, nothrow: true });
  // codesign -d writes its report to stderr.
  const facts = parseCodesignDisplay(`${r.stderr}\n${r.stdout}`);
  const team = ctx.publish.teamId ?? teamOfIdentity(ctx.env.APPLE_SIGNING_IDENTITY);
  const problems =
    r.exitCode === 0 ? signatureProblems(facts, team) : [`codesign -d failed: ${(r.stderr || r.stdout).trim()}`];
  if (problems.length)
    throw new ReleaseError(
      "macos.signature-invalid",
      `Cannot notarize ${s.paths[0]}: its signature would be rejected:\n  ${problems.join("\n  ")}`,
      "Sign with a Developer ID Application identity of the expected team, with --timestamp and --options runtime (the finalizer's plan does; check --identity and the keychain).",
    );
  // The code's identity for notarization: a rerun resumes a submission of the same cdhash.
  if (facts.cdhash) ((ctx.state ??= {}).cdhashes ??= {})[s.paths[0]!] = facts.cdhash;
}

async function signUpdater(s: ProgramStep, ctx: RunContext): Promise<void> {
  if (!ctx.publish.key)
    throw new ReleaseError(
      "macos.updater-key",
      "Cannot sign the updater archive: no key",
      "Set TAURI_SIGNING_PRIVATE_KEY and its password.",
    );
  await signUpdaterArchive({
    file: join(ctx.parent, s.paths[0]!),
    key: ctx.publish.key,
    version: ctx.plan.version,
    cwd: ctx.parent,
    env: ctx.env,
  });
}

async function upload(s: Step<"upload">, ctx: RunContext): Promise<void> {
  const { gh, repo, tag } = ctx.publish;
  if (!gh || !repo || !tag)
    throw new ReleaseError(
      "macos.release-target",
      "Cannot upload: no release named",
      "Pass --release-tag and --github-repo, set GITHUB_TOKEN, or use --skip-upload.",
    );
  await uploadReleaseAssets(gh, { repo, tag, files: s.paths.map((p) => join(ctx.parent, p)) });
}

function runInProcess(s: InProcessStep, ctx: RunContext): Promise<void> {
  switch (s.inProcess) {
    case "write-certificate":
      return writeCertificate(s, ctx);
    case "remove-file":
      return rm(s.paths[0]!, { force: true });
    case "updater-archive":
      return createUpdaterArchive(join(ctx.parent, s.paths[0]!), join(ctx.parent, s.paths[1]!));
    case "latest-json":
      return manifest(s, ctx);
    case "upload":
      return upload(s, ctx);
  }
}

async function runStep(s: PlanStep, ctx: RunContext, door: ProcessDoor): Promise<void> {
  if ("inProcess" in s) return runInProcess(s, ctx);
  if (s.kind === "notarize") return notarizeStep(s, ctx, door);
  if (s.kind === "keychain") return keychainStep(s, ctx, door);
  if (s.kind === "inspect") return inspect(s, ctx, door);
  if (s.kind === "updater-sign") return signUpdater(s, ctx);
  await door.write(expandArgs(s.command, ctx.env), { cwd: ctx.parent });
}

/**
 * Execute every step in order; the first failure stops the run with its reason; the
 * cleanup always runs. The keychain steps come first and `beforeBundle` (the repairs)
 * runs only after them, so a certificate that holds no usable identity fails before
 * anything in the bundle changes.
 */
export async function runPlan(ctx: RunContext, hooks: { beforeBundle?: () => Promise<void> } = {}): Promise<void> {
  const door = ctx.door ?? { read, write };
  ctx.state ??= {};
  try {
    await runSteps(ctx, door, hooks.beforeBundle);
  } finally {
    for (const s of ctx.plan.cleanup) {
      // Each cleanup step is tried; one failing does not keep the keychain on the machine.
      await runStep(s, ctx, door).catch((e) =>
        say(`warning: cleanup ${s.command.join(" ")} failed: ${(e as Error).message}`),
      );
    }
  }
}

async function runSteps(ctx: RunContext, door: ProcessDoor, beforeBundle?: () => Promise<void>): Promise<void> {
  // The output folder: where the archives, the signature and latest.json are written.
  const outDirs = new Set(
    ctx.plan.steps.filter((s) => s.kind === "updater-sign").map((s) => dirname(join(ctx.parent, s.paths[0]!))),
  );
  const steps = ctx.plan.steps;
  const firstBundleStep = steps.findIndex((s) => s.kind !== "keychain");
  for (const [i, s] of steps.entries()) {
    if (i === firstBundleStep) {
      await beforeBundle?.();
      for (const d of outDirs) await mkdir(d, { recursive: true });
    }
    await step(
      `${i + 1}/${steps.length} ${s.kind} ${s.paths.length > 2 ? `${s.paths.length} paths` : s.paths.join(" ")}`,
      () => runStep(s, ctx, door),
    );
  }
}
