/**
 * The whole finalization as data: repairs, then every step in execution order
 * (sign, verify, notarize, staple, archive, updater signature, DMG, manifest,
 * upload). Pure: it takes the gathered facts and the options and never touches the
 * disk, a process or the network. `--plan` prints it; the runner executes it.
 */
import { posix, relative, sep } from "node:path";
import { ReleaseError } from "../core/errors.ts";
import { dmgName, planDmg } from "./dmg.ts";
import { stapleCommand, submitCommand } from "./notarize.ts";
import type { Repair } from "./repair.ts";
import type { BundleScan } from "./scan.ts";
import { planSigning } from "./sign-plan.ts";
import type { PlanStep } from "./steps.ts";
import { signerCommand, updaterArchiveName } from "./updater.ts";

export interface FinalizeOptions {
  identity: string;
  adHoc: boolean;
  keychain?: string;
  entitlements?: string;
  skipNotarize: boolean;
  skipSpctl: boolean;
  skipDmg: boolean;
  skipUpload: boolean;
  /** output directory, relative to the bundle's parent */
  outputDir: string;
  /** aarch64 | x86_64 (or "universal" from a fat main executable) */
  arch: string;
  releaseTag?: string;
  /** updater key path as shown in the plan (a temporary file when the key comes from the environment) */
  updaterKeyPath: string;
}

export interface PlanFacts {
  appName: string;
  productName: string;
  executable: string;
  version: string;
  /** the scan after repairs */
  scan: BundleScan;
  repairs: readonly Repair[];
}

export interface FinalizePlan {
  app: string;
  version: string;
  repairs: { path: string; action: string }[];
  steps: PlanStep[];
}

const CPU_TO_ARCH: Record<string, string> = { arm64: "aarch64", x86_64: "x86_64" };

/** aarch64/x86_64 from the main executable's architectures; "universal" for several. */
export function archFromMacho(archs: readonly string[] | undefined): string | undefined {
  if (!archs?.length) return undefined;
  if (archs.length > 1) return "universal";
  return CPU_TO_ARCH[archs[0]!] ?? archs[0];
}

/** A path for the plan: relative to the bundle's parent, with "/". */
export function planPath(parent: string, target: string): string {
  return relative(parent, target).split(sep).join("/") || ".";
}

export function buildPlan(f: PlanFacts, o: FinalizeOptions): FinalizePlan {
  if (o.adHoc && !o.skipNotarize) {
    throw new ReleaseError(
      "macos.ad-hoc-notarize",
      "Cannot notarize an ad-hoc signature: Apple accepts only Developer ID signatures",
      "Add --skip-notarize to an --ad-hoc run (it is for local checks).",
    );
  }
  const app = f.appName;
  const out = (name: string) => posix.join(o.outputDir, name);
  const signing = {
    appName: app,
    executable: f.executable,
    identity: o.adHoc ? "-" : o.identity,
    keychain: o.keychain,
    entitlements: o.entitlements,
  };
  const notarize = !o.skipNotarize;

  const steps: PlanStep[] = [...planSigning(f.scan, signing)];
  steps.push({
    kind: "verify",
    command: ["codesign", "--verify", "--deep", "--strict", "--verbose=2", app],
    paths: [app],
  });
  if (notarize) {
    const zip = out(`${f.productName}.zip`);
    steps.push({ kind: "archive", command: ["ditto", "-c", "-k", "--keepParent", app, zip], paths: [app, zip] });
    steps.push({ kind: "notarize", command: submitCommand(zip), paths: [zip] });
    steps.push({ kind: "staple", command: stapleCommand(app), paths: [app] });
  }
  // Gatekeeper rejects an ad-hoc signature by design, so spctl only judges a real one.
  if (!o.skipSpctl && !o.adHoc)
    steps.push({
      kind: "verify",
      command: ["spctl", "--assess", "--type", "execute", "--verbose=4", app],
      paths: [app],
    });

  const archive = out(updaterArchiveName(f.productName, o.arch));
  steps.push({
    kind: "archive",
    command: ["node:tar", "create", "--gzip", "--file", archive, app],
    paths: [app, archive],
  });
  steps.push({
    kind: "updater-sign",
    command: signerCommand({ file: archive, keyPath: o.updaterKeyPath, version: f.version }),
    paths: [archive, `${archive}.sig`],
  });
  const files = [archive, `${archive}.sig`];
  if (!o.skipDmg) {
    const dmg = out(dmgName(f.productName, f.version, o.arch));
    steps.push(...planDmg({ ...signing, volumeName: f.productName, dmgPath: dmg, notarize }));
    files.push(dmg);
  }
  const manifest = out("latest.json");
  steps.push({
    kind: "manifest",
    command: ["node:latest-json", "merge", "--arch", o.arch, "--version", f.version, manifest],
    paths: [manifest],
  });
  files.push(manifest);
  if (!o.skipUpload) {
    steps.push({
      kind: "upload",
      command: ["node:github", "upload", "--release-tag", o.releaseTag ?? "$RELEASE_TAG", ...files],
      paths: files,
    });
  }
  return {
    app,
    version: f.version,
    repairs: f.repairs.map((r) => ({ path: `${app}/${r.path}`, action: r.action })),
    steps,
  };
}

/** The human rendering of `--plan`. */
export function renderPlan(plan: FinalizePlan): string {
  const lines = [
    `Plan for ${plan.app} ${plan.version}`,
    "",
    plan.repairs.length ? `Repairs (${plan.repairs.length}):` : "Repairs: none needed",
  ];
  for (const r of plan.repairs) lines.push(`  ${r.path}: ${r.action}`);
  lines.push("", `Steps (${plan.steps.length}):`);
  const quote = (a: string) => (/[\s"'$]/.test(a) && !a.startsWith("$") ? JSON.stringify(a) : a);
  plan.steps.forEach((s, i) => {
    // A batched codesign names many files: the options on one line, each file below.
    const batched = s.kind === "codesign" && s.paths.length > 1;
    const args = batched ? s.command.filter((a) => !s.paths.includes(a)) : s.command;
    lines.push(`  ${String(i + 1).padStart(3)}. [${s.kind}] ${args.map(quote).join(" ")}`);
    if (batched) for (const p of s.paths) lines.push(`         ${quote(p)}`);
  });
  return lines.join("\n");
}
