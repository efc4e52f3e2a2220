/**
 * The DMG, planned like the app: `hdiutil create` from the signed, stapled app, then
 * sign the image, notarize it, staple it.
 */
import { baseArgs, type SigningOptions } from "./sign-plan.ts";
import { stapleCommand, submitCommand } from "./notarize.ts";
import type { PlanStep } from "./steps.ts";

export function dmgName(productName: string, version: string, arch: string): string {
  return `${productName}_${version}_${arch}.dmg`;
}

export function planDmg(o: SigningOptions & { volumeName: string; dmgPath: string; notarize: boolean }): PlanStep[] {
  const steps: PlanStep[] = [
    {
      kind: "dmg",
      command: [
        "hdiutil",
        "create",
        "-volname",
        o.volumeName,
        "-srcfolder",
        o.appName,
        "-ov",
        "-format",
        "UDZO",
        o.dmgPath,
      ],
      paths: [o.appName, o.dmgPath],
    },
    { kind: "codesign", command: [...baseArgs(o), o.dmgPath], paths: [o.dmgPath] },
  ];
  if (o.notarize) {
    steps.push({ kind: "notarize", command: submitCommand(o.dmgPath), paths: [o.dmgPath] });
    steps.push({ kind: "staple", command: stapleCommand(o.dmgPath), paths: [o.dmgPath] });
  }
  return steps;
}
