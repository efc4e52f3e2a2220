/**
 * A simulated CI for the stand-in: it plays each run the way the generated workflows
 * would, with the run's own GITHUB_TOKEN and the toolkit's own upload code. A dispatched
 * `build-tauri.yml` uploads each platform's signed updater artifact (a real Ed25519
 * minisign signature over placeholder bytes), a disk image per macOS leg, then
 * assembles latest.json once; `build-binaries.yml` uploads each CLI archive; both
 * record their checksums. Every other run (publish-pypi.yml on `published`) just
 * succeeds. What each run saw of the release when it started is kept, so a test can
 * prove that PyPI started only once the release was published and complete.
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { ReleaseConfig } from "../lib/core/config/index.ts";
import { createGitHub } from "../lib/github/client.ts";
import { checksumsName } from "../lib/github/checksums.ts";
import { uploadNamedAssets, type NamedBytes } from "../lib/github/release-assets.ts";
import { assembleManifest } from "../lib/updater/assemble.ts";
import { cliArchiveName } from "../../templates/build-binaries.ts";
import { templateContext, type Platform } from "../../templates/context.ts";
import type { RunnerContext, StandInRunner } from "./index.ts";
import type { StandInRun } from "./state.ts";

export interface Observed {
  workflow: string;
  event: string;
  tag: string;
  /** the release for the tag when the run started: null when there was none */
  release: { draft: boolean; assets: string[] } | null;
}

export interface SimulatedCi {
  runner: StandInRunner;
  observed: Observed[];
}

export interface SimulatedCiOptions {
  /** workflows whose next run fails before uploading anything (once per entry) */
  failOnce?: string[];
  /** stop after uploading the first asset of these workflows (a build cut short) */
  partial?: string[];
}

/** A Tauri `.sig`: base64 of a minisign signature file whose trusted comment names the file. */
function tauriSignature(data: Buffer, file: string, key = signingKey()): string {
  const sig = sign(null, data, key.privateKey);
  const line = Buffer.concat([Buffer.from("Ed"), key.keyId, sig]).toString("base64");
  const trusted = `timestamp:${Math.floor(Date.now() / 1000)}\tfile:${file}`;
  const global = sign(null, Buffer.concat([sig, Buffer.from(trusted)]), key.privateKey).toString("base64");
  const text = `untrusted comment: signature from tauri secret key\n${line}\ntrusted comment: ${trusted}\n${global}\n`;
  return Buffer.from(text).toString("base64");
}

let key: { privateKey: ReturnType<typeof generateKeyPairSync>["privateKey"]; keyId: Buffer } | undefined;
function signingKey() {
  key ??= { privateKey: generateKeyPairSync("ed25519").privateKey, keyId: randomBytes(8) };
  return key;
}

/** What one Tauri leg hands the upload job, named as Tauri and the finalizer name them. */
function tauriLeg(app: string, version: string, p: Platform): NamedBytes[] {
  const bytes = (name: string) => Buffer.from(`${name} (simulated build of ${version})\n`);
  const signed = (name: string): NamedBytes[] => {
    const data = bytes(name);
    return [
      { name, data },
      { name: `${name}.sig`, data: Buffer.from(tauriSignature(data, name)) },
    ];
  };
  const arch = p.arch === "x86_64" ? "x64" : p.arch;
  if (p.os === "macos")
    return [...signed(`${app}_${p.arch}.app.tar.gz`), { name: `${app}_${version}_${p.arch}.dmg`, data: bytes("dmg") }];
  if (p.os === "linux") return signed(`${app}_${version}_${p.arch === "x86_64" ? "amd64" : p.arch}.AppImage`);
  return signed(`${app}_${version}_${arch}-setup.exe`);
}

export function simulatedCi(config: ReleaseConfig, opts: SimulatedCiOptions = {}): SimulatedCi {
  const observed: Observed[] = [];
  const failOnce = [...(opts.failOnce ?? [])];
  const ctx = templateContext(config);
  const runner: StandInRunner = async (run: StandInRun, rc: RunnerContext) => {
    const tag = run.inputs?.tag ?? run.head_branch;
    const release = rc.state.releases.find((r) => r.tag_name === tag);
    observed.push({
      workflow: run.workflow,
      event: run.event,
      tag,
      release: release ? { draft: release.draft, assets: release.assets.map((a) => a.name).sort() } : null,
    });
    const i = failOnce.indexOf(run.workflow);
    if (i >= 0) {
      failOnce.splice(i, 1);
      return "failure";
    }
    if (run.event !== "workflow_dispatch") return "success";
    const gh = createGitHub({ token: rc.actionsToken, baseUrl: rc.url, retries: 0 });
    const version = tag.slice(config.tagPrefix.length);
    const upload = async (assets: NamedBytes[]) => {
      const some = opts.partial?.includes(run.workflow) ? assets.slice(0, 1) : assets;
      await uploadNamedAssets(gh, { repo: rc.repo, tag, assets: some, checksums: checksumsName(run.workflow) });
      return some.length === assets.length;
    };
    if (run.workflow === "build-tauri.yml") {
      if (!(await upload(ctx.tauriPlatforms.flatMap((p) => tauriLeg(ctx.appName, version, p))))) return "failure";
      await assembleManifest({
        gh,
        repo: rc.repo,
        tag,
        tagPrefix: config.tagPrefix,
        now: new Date(),
        upload: true,
        checksums: checksumsName(run.workflow),
      });
    } else if (run.workflow === "build-binaries.yml") {
      const archives = ctx.cliPlatforms.map((p) => cliArchiveName(ctx, p, tag));
      if (!(await upload(archives.map((name) => ({ name, data: Buffer.from(`${name} (simulated)\n`) })))))
        return "failure";
    }
    return "success";
  };
  return { runner, observed };
}
