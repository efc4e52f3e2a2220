/**
 * The whole finalization as data: repairs, then every step in execution order
 * (keychain, sign, verify, notarize, staple, archive, updater signature, DMG,
 * manifest, upload) and the cleanup that runs even after a failure. Pure: it takes the gathered facts and the options and never touches the
 * disk, a process or the network. `--plan` prints it; the runner executes it.
 */
import { posix, relative, sep } from "node:path";
import { macosEntries } from "../updater/entries.ts";
import { MANIFEST_NAME, type PlannedEntry } from "../updater/manifest.ts";
import { dmgName, planDmg } from "./dmg.ts";
import { planKeychain, type KeychainOptions } from "./keychain.ts";
import { planNotarization, stapleCommand, stapleValidateCommand, type NotaryAuth } from "./notarize.ts";
import type { Repair } from "./repair.ts";
import type { BundleScan } from "./scan.ts";
import { lookalikeBundles, planSigning } from "./sign-plan.ts";
import { shownStep, type PlanStep } from "./steps.ts";
import { refuseAdHocNotarization, type FinalizeSwitches } from "./switches.ts";
import { signerCommand, updaterArchiveName } from "./updater-archive.ts";
import { codeOutsideStandardLocations, planVerification } from "./verify-plan.ts";

export interface FinalizeOptions extends FinalizeSwitches {
  identity: string;
  /** a temporary keychain to create (p12 set) or an existing one to sign from */
  keychain?: KeychainOptions;
  /** entitlements for the app and its main executable (path relative to the bundle's parent) */
  entitlements?: string;
  /** entitlements for every other executable (the sidecar's) */
  sidecarEntitlements?: string;
  notaryAuth?: NotaryAuth;
  /** the longest the run waits for Apple, in all (the record keeps what is left for a rerun) */
  notaryTimeoutMinutes: number;
  /** output directory, relative to the bundle's parent */
  outputDir: string;
  /** aarch64 | x86_64 | universal (from a fat main executable) */
  arch: string;
  releaseTag?: string;
  /** updater key path as shown in the plan (a temporary file when the key comes from the environment) */
  updaterKeyPath: string;
  /** the DMG's volume name (default: the product name) */
  volumeName?: string;
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
  arch: string;
  repairs: { path: string; action: string }[];
  /** what the planner noticed and left as it is (code outside the standard locations, look-alike bundles) */
  notes: string[];
  steps: PlanStep[];
  /** run after the steps even when one fails (the temporary keychain is removed) */
  cleanup: PlanStep[];
}

/** The record of notary submissions, in the output folder: a rerun with the same --output-dir resumes them. */
export const NOTARY_RECORD = "notarization.json";

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

function planNotes(f: PlanFacts): string[] {
  const notes: string[] = [];
  for (const { folder, files } of codeOutsideStandardLocations(f.scan))
    notes.push(
      `${f.appName}/${folder}: ${files} Mach-O file(s) outside Apple's code locations; each is signed and verified on its own (codesign --deep treats them as data)`,
    );
  for (const dir of lookalikeBundles(f.scan))
    notes.push(
      `${f.appName}/${dir}: named like a bundle but has no Info.plist; its code is signed file by file, the folder is not sealed as a bundle`,
    );
  return notes;
}

/** Where the run's files go: names in the output folder, relative to the bundle's parent. */
type Out = (name: string) => string;
type NotaryPlan = { auth?: NotaryAuth; record: string; timeoutMinutes: number };

/** Notarize the app (zipped, submitted, waited for), staple its ticket, and let Gatekeeper judge it. */
function notarizationSteps(f: PlanFacts, o: FinalizeOptions, out: Out, notary: NotaryPlan): PlanStep[] {
  const app = f.appName;
  const steps: PlanStep[] = [];
  if (!o.skipNotarize) {
    const zip = out(`${f.productName}.zip`);
    steps.push({ kind: "archive", command: ["ditto", "-c", "-k", "--keepParent", app, zip], paths: [app, zip] });
    steps.push(...planNotarization(zip, { ...notary, cdhashOf: app }));
    steps.push({ kind: "staple", command: stapleCommand(app), paths: [app] });
    steps.push({ kind: "verify", command: stapleValidateCommand(app), paths: [app] });
  }
  // Gatekeeper rejects what is not notarized by design, so spctl only judges a notarized app.
  if (!o.skipNotarize && !o.skipSpctl)
    steps.push({
      kind: "verify",
      command: ["spctl", "--assess", "--type", "execute", "--verbose=4", app],
      paths: [app],
    });
  return steps;
}

/** The updater's archive of the finished app and its signature. */
function updaterSteps(f: PlanFacts, o: FinalizeOptions, archive: string): PlanStep[] {
  const app = f.appName;
  return [
    {
      kind: "archive",
      inProcess: "updater-archive",
      command: ["node:tar", "create", "--gzip", "--file", archive, app],
      paths: [app, archive],
    },
    {
      kind: "updater-sign",
      command: signerCommand({ file: archive, keyPath: o.updaterKeyPath, version: f.version }),
      paths: [archive, `${archive}.sig`],
    },
  ];
}

/** latest.json (its entries listed) and the upload of every file the run made, the manifest last. */
function publishSteps(f: PlanFacts, o: FinalizeOptions, out: Out, files: string[], entries: PlannedEntry[]) {
  const steps: PlanStep[] = [];
  if (!o.skipManifest) {
    const manifest = out(MANIFEST_NAME);
    steps.push({
      kind: "manifest",
      inProcess: "latest-json",
      command: ["node:latest-json", "merge", "--version", f.version, manifest],
      paths: [manifest],
      entries,
    });
    files.push(manifest);
  }
  if (!o.skipUpload) {
    steps.push({
      kind: "upload",
      inProcess: "upload",
      command: ["node:github", "upload", "--release-tag", o.releaseTag ?? "$RELEASE_TAG", ...files],
      paths: files,
    });
  }
  return steps;
}

export function buildPlan(f: PlanFacts, o: FinalizeOptions): FinalizePlan {
  refuseAdHocNotarization(o);
  const app = f.appName;
  const out: Out = (name) => posix.join(o.outputDir, name);
  const archive = out(updaterArchiveName(f.productName, o.arch));
  // Every latest.json entry is decided here, before any signing: an unknown arch fails now, not after notarization.
  const entries = macosEntries(posix.basename(archive), o.arch);
  const signing = {
    appName: app,
    executable: f.executable,
    identity: o.adHoc ? "-" : o.identity,
    keychain: o.keychain?.path,
    entitlements: o.entitlements,
    sidecarEntitlements: o.sidecarEntitlements,
  };
  const notary = { auth: o.notaryAuth, record: out(NOTARY_RECORD), timeoutMinutes: o.notaryTimeoutMinutes };
  const keychain = o.keychain && !o.adHoc ? planKeychain(o.keychain) : { steps: [], cleanup: [] };
  const steps: PlanStep[] = [
    ...keychain.steps,
    ...planSigning(f.scan, signing),
    ...planVerification(f.scan, { appName: app, executable: f.executable, inspect: !o.adHoc }),
    ...notarizationSteps(f, o, out, notary),
    ...updaterSteps(f, o, archive),
  ];
  const files = [archive, `${archive}.sig`];
  if (!o.skipDmg) {
    const dmg = out(dmgName(f.productName, f.version, o.arch));
    const notarize = !o.skipNotarize;
    const dmgSigning = { ...signing, volumeName: o.volumeName ?? f.productName, dmgPath: dmg };
    const spctl = notarize && !o.skipSpctl;
    steps.push(
      ...planDmg({ ...dmgSigning, stagingDir: out("dmg-staging"), notary: notarize ? notary : undefined, spctl }),
    );
    files.push(dmg);
  }
  steps.push(...publishSteps(f, o, out, files, entries));
  return {
    app,
    version: f.version,
    arch: o.arch,
    repairs: f.repairs.map((r) => ({ path: `${app}/${r.path}`, action: r.action })),
    notes: planNotes(f),
    steps,
    cleanup: keychain.cleanup,
  };
}

/** The document `--plan --json` prints. */
export function planDocument(plan: FinalizePlan) {
  return { ...plan, steps: plan.steps.map(shownStep), cleanup: plan.cleanup.map(shownStep) };
}

/** The human rendering of `--plan`. */
export function renderPlan(plan: FinalizePlan): string {
  const lines = [
    `Plan for ${plan.app} ${plan.version}`,
    "",
    plan.repairs.length ? `Repairs (${plan.repairs.length}):` : "Repairs: none needed",
  ];
  for (const r of plan.repairs) lines.push(`  ${r.path}: ${r.action}`);
  if (plan.notes.length) lines.push("", "Noticed (left as is):", ...plan.notes.map((n) => `  ${n}`));
  lines.push("", `Steps (${plan.steps.length}):`);
  const quote = (a: string) => (/[\s"'$]/.test(a) && !a.startsWith("$") ? JSON.stringify(a) : a);
  plan.steps.forEach((s, i) => {
    // A batched codesign names many files: the options on one line, each file below.
    const batched = s.kind === "codesign" && s.paths.length > 1;
    const args = batched ? s.command.filter((a) => !s.paths.includes(a)) : s.command;
    lines.push(`  ${String(i + 1).padStart(3)}. [${s.kind}] ${args.map(quote).join(" ")}`);
    if (batched) for (const p of s.paths) lines.push(`         ${quote(p)}`);
    for (const e of s.kind === "manifest" ? s.entries : [])
      lines.push(`         ${e.key} -> ${e.asset} (signature: ${e.signatureFile})`);
    const notary = "notary" in s ? s.notary : undefined;
    if (notary?.role === "submit")
      lines.push(`         (a submission recorded in ${notary.record} for the same bytes or code is resumed instead)`);
    if (notary?.role === "wait")
      lines.push(`         (at most what is left of ${notary.timeoutMinutes} minutes for every wait of the run)`);
  });
  if (plan.cleanup.length) {
    lines.push("", "Always, even after a failure:");
    plan.cleanup.forEach((s, i) =>
      lines.push(`  ${String(i + 1).padStart(3)}. [${s.kind}] ${s.command.map(quote).join(" ")}`),
    );
  }
  return lines.join("\n");
}
