/**
 * Every action the templates use, pinned in one map. `workflows.actions` in
 * release.config.ts overrides a pin with a full commit SHA and the version as a
 * comment: `{ "actions/checkout": "<40 hex> # v4.2.2" }`.
 */
import type { ActionRef } from "./types.ts";

export const DEFAULT_ACTIONS = {
  "actions/checkout": "v4",
  "actions/setup-node": "v5",
  "actions/setup-python": "v5",
  "actions/upload-artifact": "v4",
  "actions/download-artifact": "v4",
  "astral-sh/setup-uv": "v5",
  "pnpm/action-setup": "v4",
  "dtolnay/rust-toolchain": "stable",
  "pypa/gh-action-pypi-publish": "release/v1",
} as const;

export type ActionName = keyof typeof DEFAULT_ACTIONS;
export type Actions = Record<ActionName, ActionRef>;

const OVERRIDE = /^(\S+)(?:\s+#\s*(\S.*))?$/;

/** Resolve the pins; an unknown action name or a malformed value is an error naming it. */
export function resolveActions(overrides: Record<string, string> = {}): Actions {
  const unknown = Object.keys(overrides).filter((k) => !(k in DEFAULT_ACTIONS));
  if (unknown.length) {
    throw new Error(
      `workflows.actions names actions no template uses: ${unknown.join(", ")} (known: ${Object.keys(DEFAULT_ACTIONS).join(", ")})`,
    );
  }
  const out = {} as Actions;
  for (const [action, pin] of Object.entries(DEFAULT_ACTIONS) as [ActionName, string][]) {
    const value = overrides[action] ?? pin;
    const m = OVERRIDE.exec(value.trim());
    if (!m?.[1])
      throw new Error(`workflows.actions["${action}"] must read "<ref>" or "<sha> # <version>", got "${value}"`);
    out[action] = m[2] ? { action, ref: m[1], comment: m[2].trim() } : { action, ref: m[1] };
  }
  return out;
}

/** A full commit SHA: the only reference that cannot be moved under the workflow. */
export const isFullSha = (ref: string): boolean => /^[0-9a-f]{40}$/.test(ref);
