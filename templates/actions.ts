/**
 * Every action the templates use, pinned in one map: the full commit of a current
 * release that runs on Node 24 (or needs no Node), with the version as a comment, from
 * the platform facts (`tasks/lib/core/platform/actions.ts`, where each pin says where it
 * was read). `workflows.actions` in release.config.ts overrides a pin the same way:
 * `{ "actions/checkout": "<40 hex> # v7.0.1" }`.
 */
import { ACTIONS, type PinnedAction } from "../tasks/lib/core/platform/actions.ts";
import type { ActionRef } from "./types.ts";

export const DEFAULT_ACTIONS = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, f]) => [name, `${f.value.pin.sha} # ${f.value.pin.version}`]),
) as Record<PinnedAction, string>;

export type ActionName = PinnedAction;
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
