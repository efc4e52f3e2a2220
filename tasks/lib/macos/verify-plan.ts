/**
 * Verification as Apple checks, planned after signing: `codesign --verify --deep` on
 * the app treats code under `Contents/Resources` as sealed data and never looks inside
 * it, so each framework (with `--bundle-version` for a versioned one), each
 * executable outside `Contents/MacOS` (the sidecar's) and the app are verified on
 * their own; then `codesign -dvvv` is read for the authority chain, the team and the
 * secure timestamp of the app and of each of those executables.
 */
import { activeVersion, bundleDirs } from "./sign-plan.ts";
import type { BundleScan } from "./scan.ts";
import type { PlanStep } from "./steps.ts";

/** Where Apple expects nested code ("Placing Content in a Bundle"); anything else is reported. */
export const CODE_LOCATIONS = [
  "Contents/MacOS/",
  "Contents/Frameworks/",
  "Contents/PlugIns/",
  "Contents/Helpers/",
  "Contents/XPCServices/",
  "Contents/Library/",
];

/** Executables outside `Contents/MacOS` that are not inside a nested bundle (sidecar entry points, helpers). */
export function nestedExecutables(scan: BundleScan, executable: string): string[] {
  const bundles = bundleDirs(scan);
  return scan.entries
    .filter((e) => e.type === "file" && e.macho?.fileType === "execute")
    .map((e) => e.path)
    .filter((p) => p !== `Contents/MacOS/${executable}` && !bundles.some((b) => p.startsWith(`${b}/`)));
}

/** Nested code outside the standard locations, grouped by folder for the report. */
export function codeOutsideStandardLocations(scan: BundleScan): { folder: string; files: number }[] {
  const counts = new Map<string, number>();
  for (const e of scan.entries) {
    if (e.type !== "file" || !e.macho || CODE_LOCATIONS.some((l) => e.path.startsWith(l))) continue;
    const parts = e.path.split("/");
    const folder = parts.slice(0, Math.min(parts.length - 1, 3)).join("/");
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].map(([folder, files]) => ({ folder, files })).sort((a, b) => (a.folder < b.folder ? -1 : 1));
}

export function planVerification(
  scan: BundleScan,
  o: { appName: string; executable: string; inspect: boolean },
): PlanStep[] {
  const at = (p: string) => `${o.appName}/${p}`;
  const steps: PlanStep[] = [];
  for (const fw of bundleDirs(scan).filter((b) => b.endsWith(".framework"))) {
    const version = activeVersion(scan, fw);
    steps.push({
      kind: "verify",
      command: [
        "codesign",
        "--verify",
        "--strict",
        "--verbose=2",
        ...(version ? ["--bundle-version", version] : []),
        at(fw),
      ],
      paths: [at(fw)],
    });
  }
  const executables = nestedExecutables(scan, o.executable);
  for (const exe of executables)
    steps.push({
      kind: "verify",
      command: ["codesign", "--verify", "--strict", "--verbose=2", at(exe)],
      paths: [at(exe)],
    });
  steps.push({
    kind: "verify",
    command: ["codesign", "--verify", "--deep", "--strict", "--verbose=2", o.appName],
    paths: [o.appName],
  });
  if (o.inspect) {
    for (const target of [o.appName, ...executables.map(at)])
      steps.push({ kind: "inspect", command: ["codesign", "-dvvv", target], paths: [target] });
  }
  return steps;
}
