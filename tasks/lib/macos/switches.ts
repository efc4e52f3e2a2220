/**
 * The finalizer's switches: the flags that sign ad hoc or leave a part of the run out.
 * One type for the request, the plan's options and the preconditions' facts, each
 * switch beside the flag that sets it, and the one rule between them.
 */
import type { FINALIZE_MACOS, FlagsOf } from "../core/entries.ts";
import { ReleaseError } from "../core/errors.ts";

/** Each switch and its flag (a renamed flag fails the typecheck here). */
export const SWITCH_FLAGS = {
  /** sign with "-" for local checks: no keychain, no Developer ID inspection, no notarization */
  adHoc: "ad-hoc",
  skipNotarize: "skip-notarize",
  skipSpctl: "skip-spctl",
  skipDmg: "skip-dmg",
  skipUpload: "skip-upload",
  /** upload the updater archive and its signature but not latest.json (a later job assembles it) */
  skipManifest: "skip-manifest",
} as const satisfies Record<string, keyof (typeof FINALIZE_MACOS)["flags"]>;

export type FinalizeSwitches = Record<keyof typeof SWITCH_FLAGS, boolean>;

const NAMES = Object.keys(SWITCH_FLAGS) as (keyof FinalizeSwitches)[];

/** The switches the command line sets (an absent flag is off). */
export function switchesFromFlags(flags: FlagsOf<typeof FINALIZE_MACOS>): FinalizeSwitches {
  return Object.fromEntries(NAMES.map((k) => [k, flags[SWITCH_FLAGS[k]] === true])) as FinalizeSwitches;
}

/** Just the switches of something that carries them (a request, a plan's options). */
export function switchesOf(x: FinalizeSwitches): FinalizeSwitches {
  return Object.fromEntries(NAMES.map((k) => [k, x[k]])) as FinalizeSwitches;
}

/** Apple notarizes only Developer ID signatures: an ad-hoc run must leave notarization out. */
export function refuseAdHocNotarization(s: FinalizeSwitches): void {
  if (s.adHoc && !s.skipNotarize)
    throw new ReleaseError(
      "macos.ad-hoc-notarize",
      "Cannot notarize an ad-hoc signature: Apple accepts only Developer ID signatures",
      "Add --skip-notarize to an --ad-hoc run (it is for local checks).",
    );
}
