/**
 * Which platform keys point at which signed artifact: pure, from asset names only.
 * For each artifact with a `.sig` beside it: the installer key (`{os}-{arch}-{installer}`,
 * what plugin 2.10+ looks up first) and, per OS and arch, the plain key older plugins
 * read (`{os}-{arch}`): the `.app.tar.gz` on macOS, the AppImage (else deb, else rpm)
 * on Linux, the MSI (else NSIS) on Windows, as tauri-action chooses by default. A
 * universal macOS archive serves both `darwin-x86_64` and `darwin-aarch64` unless a
 * thin archive for that arch is there too.
 */
import { ReleaseError } from "../core/errors.ts";
import type { PlannedEntry } from "./manifest.ts";
import {
  ARCHES,
  artifactKind,
  classifyArtifact,
  INSTALLERS,
  OSES,
  platformKey,
  type UpdaterArch,
  type UpdaterOs,
} from "./platforms.ts";

export interface EntriesPlan {
  entries: PlannedEntry[];
  /** updater artifacts left out, and why (no `.sig`, for instance) */
  skipped: { asset: string; why: string }[];
}

/** Plain-key preference per OS (the first installer present wins). */
const PLAIN_ORDER: Record<string, readonly string[]> = {
  darwin: ["app"],
  linux: ["appimage", "deb", "rpm"],
  windows: ["msi", "nsis"],
};

interface Candidate {
  asset: string;
  os: string;
  arch: UpdaterArch;
  installer: string;
  universal: boolean;
}

export function planEntries(assetNames: readonly string[]): EntriesPlan {
  const names = new Set(assetNames);
  const skipped: EntriesPlan["skipped"] = [];
  const candidates: Candidate[] = [];
  for (const asset of [...names].sort()) {
    const a = classifyArtifact(asset);
    if (!a) {
      // Tauri's bundler writes X.app.tar.gz without an arch; a release serving several arches must name them.
      if (artifactKind(asset) && names.has(`${asset}.sig`))
        skipped.push({
          asset,
          why: "no single architecture in its name (rename it <App>_<arch>..., as tauri-action does)",
        });
      continue;
    }
    if (!names.has(`${asset}.sig`)) {
      skipped.push({ asset, why: `no ${asset}.sig on the release (not signed for the updater)` });
      continue;
    }
    for (const arch of servedArchs(a.arch))
      candidates.push({ asset, os: a.os, arch, installer: a.installer, universal: a.arch === "universal" });
  }
  const entries: PlannedEntry[] = [];
  for (const os of OSES) {
    for (const arch of ARCHES) {
      const here = candidates.filter((c) => c.os === os && c.arch === arch);
      // A thin archive beats a universal one for its own architecture.
      const best = here.some((c) => !c.universal) ? here.filter((c) => !c.universal) : here;
      const byInstaller = new Map<string, Candidate>();
      for (const installer of INSTALLERS[os]) {
        const found = best.filter((c) => c.installer === installer);
        if (found.length > 1) {
          throw new ReleaseError(
            "updater.ambiguous-artifact",
            `Cannot choose the ${platformKey({ os, arch, installer })} artifact: the release has ${found.length}: ${found.map((c) => c.asset).join(", ")}`,
            "Keep one signed updater artifact per platform and installer on the release (delete the others or their .sig).",
          );
        }
        if (found[0]) byInstaller.set(installer, found[0]);
      }
      entries.push(...platformEntries(os, arch, new Map([...byInstaller].map(([i, c]) => [i, c.asset]))));
    }
  }
  return { entries, skipped };
}

/** The architectures an artifact serves: a universal macOS archive serves both darwin ones. */
function servedArchs(arch: UpdaterArch | "universal"): UpdaterArch[] {
  return arch === "universal" ? ["aarch64", "x86_64"] : [arch];
}

/**
 * The entries of one OS and architecture, from the asset chosen for each installer: the
 * plain key (`{os}-{arch}`, the first installer of the OS's preference that is there),
 * then the installer keys. Every key of latest.json is made here, for CI and the finalizer.
 */
function platformEntries(os: UpdaterOs, arch: UpdaterArch, byInstaller: ReadonlyMap<string, string>): PlannedEntry[] {
  const entry = (key: string, asset: string): PlannedEntry => ({ key, asset, signatureFile: `${asset}.sig` });
  const plain = PLAIN_ORDER[os]!.map((i) => byInstaller.get(i)).find(Boolean);
  return [
    ...(plain ? [entry(platformKey({ os, arch }), plain)] : []),
    ...[...byInstaller].map(([installer, asset]) => entry(platformKey({ os, arch, installer }), asset)),
  ];
}

/** The finalizer's own entries: its `.app.tar.gz` under both darwin keys of each arch it serves. */
export function macosEntries(archive: string, arch: string): PlannedEntry[] {
  const served = arch === "universal" ? servedArchs(arch) : [arch];
  if (!served.every((a): a is UpdaterArch => a === "aarch64" || a === "x86_64")) {
    throw new ReleaseError(
      "macos.arch",
      `Cannot plan latest.json for arch ${arch}: Tauri's updater knows darwin-aarch64 and darwin-x86_64`,
      "Pass --arch aarch64 or --arch x86_64 (a universal main executable serves both).",
    );
  }
  return served.flatMap((a) => platformEntries("darwin", a, new Map([["app", archive]])));
}
