/**
 * The finalizer's switches: each is set by its own boolean flag, absent means off, and
 * the one rule between them (no notarization of an ad-hoc signature) is enforced by
 * the plan and by a real run alike, through `refuseAdHocNotarization`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { FINALIZE_MACOS } from "../../tasks/lib/core/entries.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import {
  refuseAdHocNotarization,
  SWITCH_FLAGS,
  switchesFromFlags,
  switchesOf,
} from "../../tasks/lib/macos/switches.ts";

const OFF = {
  adHoc: false,
  skipNotarize: false,
  skipSpctl: false,
  skipDmg: false,
  skipUpload: false,
  skipManifest: false,
};

test("each switch is a boolean flag of the finalizer, and only its own flag sets it", () => {
  for (const [name, flag] of Object.entries(SWITCH_FLAGS)) {
    assert.equal(FINALIZE_MACOS.flags[flag].type, "boolean", flag);
    assert.deepEqual(switchesFromFlags({ [flag]: true }), { ...OFF, [name]: true }, flag);
  }
  assert.deepEqual(switchesFromFlags({ app: "Atlas.app", plan: true }), OFF);
});

test("switchesOf() keeps the switches and nothing else", () => {
  assert.deepEqual(switchesOf({ ...OFF, skipDmg: true, identity: "x" } as typeof OFF), { ...OFF, skipDmg: true });
});

test("an ad-hoc signature is never sent to Apple: refused unless notarization is skipped", () => {
  assert.throws(
    () => refuseAdHocNotarization({ ...OFF, adHoc: true }),
    (e: unknown) => e instanceof ReleaseError && e.code === "macos.ad-hoc-notarize" && /--skip-notarize/.test(e.fix!),
  );
  refuseAdHocNotarization({ ...OFF, adHoc: true, skipNotarize: true });
  refuseAdHocNotarization(OFF);
});
