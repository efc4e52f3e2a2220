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
