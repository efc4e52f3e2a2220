/**
 * The display name a Tauri app's `tauri.conf.json` gives it: v2's top-level
 * `productName`, Tauri v1's `package.productName`. In core because both the zero-config
 * name (config/load) and adopt's reading of the app (adopt/tauri-facts) need it. Pure.
 */

const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `productName` of a parsed tauri.conf.json; undefined when absent, empty or not a string. */
export function tauriProductName(conf: unknown): string | undefined {
  const c = rec(conf);
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : undefined);
  return str(c.productName) ?? str(rec(c.package).productName);
}

/** The app's tauri.conf.json among the repository's paths: `src-tauri/` first, else the shallowest. */
export function appConfPath(paths: readonly string[], own: (p: string) => boolean = () => true): string | undefined {
  return paths
    .filter((p) => /(^|\/)tauri\.conf\.json$/.test(p) && own(p) && !/(^|\/)node_modules\//.test(p))
    .sort((a, b) =>
      a === "src-tauri/tauri.conf.json"
        ? -1
        : b === "src-tauri/tauri.conf.json"
          ? 1
          : a.split("/").length - b.split("/").length || a.localeCompare(b),
    )[0];
}

/**
 * Where a parsed tauri.conf.json says the app's version is (v2's top-level `version`,
 * v1's `package.version`): a version string, a path to a package.json holding it, or
 * nothing (Tauri then uses Cargo.toml's, per its config schema).
 */
export function tauriVersionField(conf: unknown): {
  at: "version" | "package.version";
  value: string | undefined;
  v1: boolean;
} {
  const c = rec(conf);
  const v1 = "package" in c || "tauri" in c;
  const raw = v1 ? rec(c.package).version : c.version;
  return { at: v1 ? "package.version" : "version", value: typeof raw === "string" && raw ? raw : undefined, v1 };
}
