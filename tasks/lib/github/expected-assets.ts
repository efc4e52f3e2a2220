/**
 * What the draft must hold before it is published: the assets the generated build
 * workflows promise (pure). build-tauri: per platform its signed updater artifact
 * (and a disk image on macOS), one latest.json naming every platform, its checksums;
 * build-binaries: each platform's CLI archive by its exact name, its checksums. A
 * hand-written build workflow promises nothing the cut can name: its run must only
 * finish well.
 */
import type { ReleaseConfig } from "../core/config/index.ts";
import { cliArchiveName } from "../../../templates/build-binaries.ts";
import { templateContext, type Platform } from "../../../templates/context.ts";
import { planEntries } from "../updater/entries.ts";
import { MANIFEST_NAME } from "../updater/manifest.ts";
import { classifyArtifact } from "../updater/platforms.ts";
import { checksumsName } from "./checksums.ts";

export interface AssetRequirement {
  workflow: string;
  /** what is expected, in words (`updater artifact darwin-aarch64`, an exact file name, ...) */
  what: string;
  /** the asset that meets it, if any */
  find(names: readonly string[], manifestKeys: ReadonlySet<string> | undefined): string | undefined;
}

export interface AssetStatus {
  workflow: string;
  what: string;
  /** the asset that meets it; null while missing */
  found: string | null;
}

const updaterOs = { macos: "darwin", linux: "linux", windows: "windows" } as const;
const updaterKey = (p: Platform) => `${updaterOs[p.os]}-${p.arch}`;

const exact = (workflow: string, name: string): AssetRequirement => ({
  workflow,
  what: name,
  find: (names) => (names.includes(name) ? name : undefined),
});

function updaterArtifact(workflow: string, p: Platform): AssetRequirement {
  const key = updaterKey(p);
  return {
    workflow,
    what: `signed updater artifact for ${key} (and its .sig)`,
    find(names) {
      try {
        return planEntries(names).entries.find((e) => e.key === key)?.asset;
      } catch {
        return undefined; // two candidates for one key: not publishable as it is
      }
    },
  };
}

/** A disk image for the platform's architecture (a DMG's arch is read the way an updater artifact's is). */
function diskImage(workflow: string, p: Platform): AssetRequirement {
  return {
    workflow,
    what: `macOS disk image (.dmg) for ${p.arch}`,
    find: (names) =>
      names.find((n) => {
        if (!n.endsWith(".dmg")) return false;
        const arch = classifyArtifact(n.replace(/\.dmg$/, ".app.tar.gz"))?.arch;
        return arch === p.arch || arch === "universal";
      }),
  };
}

function manifest(workflow: string, platforms: Platform[]): AssetRequirement {
  const keys = [...new Set(platforms.map(updaterKey))];
  return {
    workflow,
    what: `${MANIFEST_NAME} naming ${keys.join(", ")}`,
    find: (names, manifestKeys) =>
      names.includes(MANIFEST_NAME) && manifestKeys && keys.every((k) => manifestKeys.has(k))
        ? MANIFEST_NAME
        : undefined,
  };
}

/** Every asset the dispatched generated workflows promise for `tag`. */
export function expectedAssets(config: ReleaseConfig, tag: string, dispatched: readonly string[]): AssetRequirement[] {
  const ctx = templateContext(config);
  const generated = (name: string) =>
    config.workflows.generate.includes(name as never) && dispatched.includes(`${name}.yml`);
  const out: AssetRequirement[] = [];
  if (generated("build-tauri")) {
    const wf = "build-tauri.yml";
    for (const p of ctx.tauriPlatforms) {
      out.push(updaterArtifact(wf, p));
      if (p.os === "macos") out.push(diskImage(wf, p));
    }
    out.push(manifest(wf, ctx.tauriPlatforms), exact(wf, checksumsName(wf)));
  }
  if (generated("build-binaries")) {
    const wf = "build-binaries.yml";
    for (const p of ctx.cliPlatforms) out.push(exact(wf, cliArchiveName(ctx, p, tag)));
    out.push(exact(wf, checksumsName(wf)));
  }
  return out;
}

export function assetStatus(
  reqs: readonly AssetRequirement[],
  names: readonly string[],
  manifestKeys: ReadonlySet<string> | undefined,
): AssetStatus[] {
  return reqs.map((r) => ({ workflow: r.workflow, what: r.what, found: r.find(names, manifestKeys) ?? null }));
}

/** The platform keys a latest.json names (none when it is not one). */
export function manifestKeysOf(bytes: Buffer | undefined): Set<string> | undefined {
  if (!bytes) return undefined;
  try {
    const doc = JSON.parse(bytes.toString("utf8")) as { platforms?: Record<string, unknown> };
    return new Set(Object.keys(doc.platforms ?? {}));
  } catch {
    return new Set();
  }
}
