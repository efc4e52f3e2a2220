/**
 * Tauri's updater vocabulary, as its updater plugin reads `latest.json`: an OS
 * (`darwin`, `linux`, `windows`), an architecture named the Rust way (`x86_64`,
 * `aarch64`, `i686`, `armv7`, `riscv64`) and, since plugin 2.10, the installer the
 * running app was bundled as (`app`, `appimage`, `deb`, `rpm`, `msi`, `nsis`). The
 * plugin looks up `{os}-{arch}-{installer}` first, then `{os}-{arch}`; a key in
 * another spelling (`x64`, `arm64`, `macos`) is never found.
 */
export const OSES = ["darwin", "linux", "windows"] as const;
export const ARCHES = ["x86_64", "aarch64", "i686", "armv7", "riscv64"] as const;
export type UpdaterOs = (typeof OSES)[number];
export type UpdaterArch = (typeof ARCHES)[number];

/** The installers whose updater artifact each OS can install. */
export const INSTALLERS: Record<UpdaterOs, readonly string[]> = {
  darwin: ["app"],
  linux: ["appimage", "deb", "rpm"],
  windows: ["msi", "nsis"],
};

export interface PlatformKey {
  os: UpdaterOs;
  arch: UpdaterArch;
  installer?: string;
}

export function platformKey(k: PlatformKey): string {
  return `${k.os}-${k.arch}${k.installer ? `-${k.installer}` : ""}`;
}

export function parsePlatformKey(key: string): PlatformKey | undefined {
  const [os, arch, installer, ...rest] = key.split("-");
  if (rest.length || !OSES.includes(os as UpdaterOs) || !ARCHES.includes(arch as UpdaterArch)) return undefined;
  if (installer !== undefined && !INSTALLERS[os as UpdaterOs].includes(installer)) return undefined;
  return { os: os as UpdaterOs, arch: arch as UpdaterArch, ...(installer ? { installer } : {}) };
}

/**
 * The rule the updater applies to a static manifest: the installer-specific key,
 * else the plain one. Returns the key it would use, or undefined (the plugin then
 * fails with "target not found").
 */
export function resolvePlatform(
  platforms: Record<string, unknown>,
  running: { os: UpdaterOs; arch: UpdaterArch; installer?: string },
): string | undefined {
  const plain = platformKey({ os: running.os, arch: running.arch });
  const candidates = running.installer ? [platformKey(running), plain] : [plain];
  return candidates.find((k) => Object.hasOwn(platforms, k));
}

/** Architecture spellings seen in Tauri artifact names, mapped to the updater's names. */
const ARCH_ALIASES: Record<string, UpdaterArch | "universal"> = {
  x86_64: "x86_64",
  x64: "x86_64",
  amd64: "x86_64",
  aarch64: "aarch64",
  arm64: "aarch64",
  i686: "i686",
  x86: "i686",
  i386: "i686",
  armv7: "armv7",
  armhf: "armv7",
  riscv64: "riscv64",
  universal: "universal",
};

const ARCH_TOKEN = new RegExp(`(?<![A-Za-z0-9])(${Object.keys(ARCH_ALIASES).join("|")})(?![A-Za-z0-9])`, "gi");

export function normalizeArch(name: string): UpdaterArch | "universal" | undefined {
  return ARCH_ALIASES[name.toLowerCase()];
}

export interface UpdaterArtifact {
  os: UpdaterOs;
  /** "universal" for a macOS fat archive: it serves both darwin architectures */
  arch: UpdaterArch | "universal";
  installer: string;
}

/**
 * What an asset name is, when it is an updater artifact (the file a `.sig` beside it
 * signs). Tauri 2 signs the installers themselves on Linux and Windows
 * (`.AppImage`, `.deb`, `.rpm`, `.msi`, `-setup.exe`) and the `.app.tar.gz` on macOS;
 * Tauri 1 ("v1Compatible") zips or tars them (`.AppImage.tar.gz`, `.msi.zip`,
 * `.nsis.zip`). A DMG is never an updater artifact.
 */
export function classifyArtifact(name: string): UpdaterArtifact | undefined {
  const kind = artifactKind(name);
  if (!kind) return undefined;
  // Tauri names: App_1.4.0_amd64.AppImage, App-1.4.0-1.x86_64.rpm, App_1.4.0_x64_en-US.msi, App_aarch64.app.tar.gz.
  const archs = [...new Set([...name.matchAll(ARCH_TOKEN)].map((m) => normalizeArch(m[1]!)!))];
  if (archs.length !== 1) return undefined;
  return { ...kind, arch: archs[0]! };
}

/** The OS and installer an updater artifact's extension says, whatever its arch. */
export function artifactKind(name: string): { os: UpdaterOs; installer: string } | undefined {
  const kinds: [RegExp, UpdaterOs, string][] = [
    [/\.app\.tar\.gz$/i, "darwin", "app"],
    [/\.AppImage(\.tar\.gz)?$/i, "linux", "appimage"],
    [/\.deb$/i, "linux", "deb"],
    [/\.rpm$/i, "linux", "rpm"],
    [/\.msi(\.zip)?$/i, "windows", "msi"],
    [/(-setup\.exe|\.nsis\.zip)$/i, "windows", "nsis"],
  ];
  const hit = kinds.find(([re]) => re.test(name));
  return hit ? { os: hit[1], installer: hit[2] } : undefined;
}
