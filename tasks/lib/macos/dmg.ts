/**
 * The DMG, planned like the app. The image is made from a staging folder holding the
 * signed, stapled app and an `/Applications` link (what a user drags onto), never
 * from the `.app` alone; the volume is named from the config. Then the image is
 * signed and its signature verified, notarized, stapled and the ticket validated;
 * Gatekeeper judges it only once it is notarized.
 */
import { posix } from "node:path";
import { baseArgs, type SigningOptions } from "./sign-plan.ts";
import { planNotarization, stapleCommand, stapleValidateCommand, type NotarizeOptions } from "./notarize.ts";
import type { PlanStep } from "./steps.ts";

export function dmgName(productName: string, version: string, arch: string): string {
  return `${productName}_${version}_${arch}.dmg`;
}

export interface DmgOptions extends SigningOptions {
  volumeName: string;
  dmgPath: string;
  /** the staging folder (relative to the bundle's parent), removed after hdiutil */
  stagingDir: string;
  /** how to notarize it; undefined: not notarized */
  notary: NotarizeOptions | undefined;
  spctl: boolean;
}

export function planDmg(o: DmgOptions): PlanStep[] {
  const stagedApp = posix.join(o.stagingDir, o.appName);
  const link = posix.join(o.stagingDir, "Applications");
  const steps: PlanStep[] = [
    { kind: "dmg", command: ["rm", "-rf", o.stagingDir], paths: [o.stagingDir] },
    { kind: "dmg", command: ["mkdir", "-p", o.stagingDir], paths: [o.stagingDir] },
    // ditto keeps the signature, symlinks and extended attributes that cp -R may not.
    { kind: "dmg", command: ["ditto", o.appName, stagedApp], paths: [o.appName, stagedApp] },
    { kind: "dmg", command: ["ln", "-s", "/Applications", link], paths: [link] },
    {
      kind: "dmg",
      command: [
        "hdiutil",
        "create",
        "-volname",
        o.volumeName,
        "-srcfolder",
        o.stagingDir,
        "-ov",
        "-format",
        "UDZO",
        o.dmgPath,
      ],
      paths: [o.stagingDir, o.dmgPath],
    },
    { kind: "dmg", command: ["rm", "-rf", o.stagingDir], paths: [o.stagingDir] },
    { kind: "codesign", command: [...baseArgs(o), o.dmgPath], paths: [o.dmgPath] },
    { kind: "verify", command: ["codesign", "--verify", "--strict", "--verbose=2", o.dmgPath], paths: [o.dmgPath] },
  ];
  if (o.notary) {
    steps.push(...planNotarization(o.dmgPath, o.notary));
    steps.push({ kind: "staple", command: stapleCommand(o.dmgPath), paths: [o.dmgPath] });
    steps.push({ kind: "verify", command: stapleValidateCommand(o.dmgPath), paths: [o.dmgPath] });
    if (o.spctl)
      steps.push({
        kind: "verify",
        command: [
          "spctl",
          "--assess",
          "--type",
          "open",
          "--context",
          "context:primary-signature",
          "--verbose=4",
          o.dmgPath,
        ],
        paths: [o.dmgPath],
      });
  }
  return steps;
}
