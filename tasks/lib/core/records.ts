/**
 * Reading parsed JSON, TOML or YAML without trusting its shape: `rec` turns anything that
 * is not a plain object into an empty one, so a chain of lookups never throws and a
 * missing or mistyped key reads as absent.
 */
export type Rec = Record<string, unknown>;

export const rec = (v: unknown): Rec => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});

/** A JSON text's top-level object; undefined when there is no text or it is not JSON (JSON5, broken). */
export function parseJsonObject(text: string | undefined): Rec | undefined {
  if (text === undefined) return undefined;
  try {
    return rec(JSON.parse(text));
  } catch {
    return undefined;
  }
}
