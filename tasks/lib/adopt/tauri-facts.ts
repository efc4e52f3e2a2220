/**
 * The Tauri app as `tauri.conf.json` describes it (product name, identifier, the
 * updater, where the sidecar is bundled) and the front end it serves (folder,
 * package manager, build script). Pure: reads `RepositoryFacts`.
 */
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { releaseBuiltApps } from "../core/tauri-builds.ts";
import { appConfPath, parseTauriConf, tauriProductName } from "../core/tauri-conf.ts";
import type { RepositoryFacts } from "./facts.ts";
import { parseJsonObject, rec } from "../core/records.ts";

export interface TauriApp {
  confPath: string;
  /** the folder holding tauri.conf.json (workflows.tauriDir) */
  dir: string;
  productName: string | undefined;
  identifier: string | undefined;
  /** build.frontendDist (or v1's build.distDir), relative to `dir` */
  frontendDist: string | undefined;
  beforeBuildCommand: string | undefined;
  /** the app crate's `[package].name` (Tauri names the app after it without productName) */
  crateName: string | undefined;
  /** one line about the updater, when configured */
  updater: string | undefined;
  sidecar: { fact: string; source: string; placement: { resources: string } | { externalBin: string } } | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

function cargoName(text: string | undefined): string | undefined {
  try {
    return str(rec(rec(parseToml(text ?? "")).package).name);
  } catch {
    return undefined;
  }
}

/** The app's tauri.conf.json: `src-tauri/` first, else the shallowest one. */
export function tauriAppOf(facts: RepositoryFacts, own: (p: string) => boolean): TauriApp | undefined {
  const workflows = Object.entries(facts.files)
    .filter(([p]) => p.startsWith(".github/workflows/"))
    .map(([path, text]) => ({ path, text }));
  // The app the version sources found: the one a release builds, else outside test and example folders.
  const confPath = appConfPath(facts.paths, own, releaseBuiltApps(workflows));
  const conf = confPath ? parseTauriConf(facts.files[confPath]) : undefined;
  if (!confPath || !conf) return undefined;
  const v1 = rec(conf.tauri);
  const bundle = { ...rec(v1.bundle), ...rec(conf.bundle) };
  const build = rec(conf.build);
  const updaterConf = { ...rec(v1.updater), ...rec(rec(conf.plugins).updater) };
  const endpoints = Array.isArray(updaterConf.endpoints)
    ? updaterConf.endpoints.filter((e) => typeof e === "string")
    : [];
  const updater =
    updaterConf.pubkey || endpoints.length
      ? `updater: pubkey ${updaterConf.pubkey ? "set" : "missing"}, endpoints ${endpoints.join(", ") || "none"}, createUpdaterArtifacts ${JSON.stringify(bundle.createUpdaterArtifacts ?? false)} (the doctor and the finalizer read them from this file)`
      : undefined;
  const externalBin = Array.isArray(bundle.externalBin) ? bundle.externalBin.filter((b) => typeof b === "string") : [];
  const resources = rec(bundle.resources);
  const resourceList = Array.isArray(bundle.resources) ? bundle.resources.filter((r) => typeof r === "string") : [];
  const sidecarResource =
    Object.entries(resources).find(([k, v]) => /sidecar|server|backend|python/i.test(`${k} ${v}`)) ??
    resourceList.filter((r) => /sidecar|server|backend|python/i.test(r)).map((r) => [r, r] as const)[0];
  const sidecar = externalBin.length
    ? {
        fact: `the sidecar is an externalBin (${externalBin.join(", ")}): a onefile executable named <name>-<target triple>, placed in Contents/MacOS`,
        source: `${confPath} bundle.externalBin`,
        placement: { externalBin: externalBin[0]! },
      }
    : sidecarResource
      ? {
          fact: `the sidecar is bundled as a resource (${sidecarResource[0]} → ${sidecarResource[1]}): a onedir build under Contents/Resources/${String(sidecarResource[1]).replace(/\/$/, "")}/<target triple>/`,
          source: `${confPath} bundle.resources`,
          placement: { resources: String(sidecarResource[0]).replace(/\/+$/, "") },
        }
      : undefined;
  return {
    confPath,
    dir: posix.dirname(confPath),
    productName: tauriProductName(conf),
    identifier: str(conf.identifier) ?? str(bundle.identifier),
    frontendDist: str(build.frontendDist) ?? str(build.distDir),
    beforeBuildCommand: str(build.beforeBuildCommand),
    crateName: cargoName(facts.files[`${posix.dirname(confPath)}/Cargo.toml`]),
    updater,
    sidecar,
  };
}

export interface FrontendFact {
  /** the schema's workflows.frontend; undefined when its package manager is not one the workflows set up */
  value: { dir: string; packageManager: "npm" | "pnpm" } | undefined;
  unsupported?: string;
  source: string;
  notes: { fact: string; source: string }[];
}

const LOCKS: [string, string][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lockb", "bun"],
  ["bun.lock", "bun"],
  ["package-lock.json", "npm"],
];

/** The folder that builds `frontendDist`, its package manager and build script. */
export function frontendOf(
  facts: RepositoryFacts,
  app: TauriApp,
  own: (p: string) => boolean,
): FrontendFact | undefined {
  const candidates: string[] = [];
  const prefix =
    /(?:--prefix|--dir|-C|--cwd)\s+(\S+)/.exec(app.beforeBuildCommand ?? "")?.[1] ??
    /\bcd\s+(\S+)/.exec(app.beforeBuildCommand ?? "")?.[1];
  if (prefix) candidates.push(posix.normalize(posix.join(app.dir, prefix)));
  if (app.frontendDist && !/^https?:/.test(app.frontendDist))
    candidates.push(posix.dirname(posix.normalize(posix.join(app.dir, app.frontendDist))));
  for (const dir of candidates) {
    if (dir.startsWith("..")) continue;
    const pkgPath = dir === "." ? "package.json" : `${dir}/package.json`;
    if (!own(pkgPath)) continue;
    const pkg = parseJsonObject(facts.files[pkgPath]);
    const scripts = rec(pkg?.scripts);
    if (!pkg || typeof scripts.build !== "string") continue;
    const at = (f: string) => (dir === "." ? f : `${dir}/${f}`);
    const lock = LOCKS.find(([f]) => facts.paths.includes(at(f)) || facts.paths.includes(f));
    const declared = /^(pnpm|yarn|npm|bun)@/.exec(str(pkg.packageManager) ?? "")?.[1];
    const pm = declared ?? lock?.[1] ?? "npm";
    const notes: FrontendFact["notes"] = [];
    const nodeFile = [at(".node-version"), at(".nvmrc")].find((f) => facts.paths.includes(f) && dir !== ".");
    if (nodeFile)
      notes.push({ fact: `the front end pins Node ${facts.files[nodeFile]?.trim() ?? "?"}`, source: nodeFile });
    if (pm !== "npm" && pm !== "pnpm")
      return {
        value: undefined,
        unsupported: pm,
        source: declared ? `${pkgPath} packageManager` : at(lock![0]),
        notes,
      };
    return {
      value: { dir, packageManager: pm as "npm" | "pnpm" },
      source: `${app.confPath} build.${app.beforeBuildCommand && prefix ? "beforeBuildCommand" : "frontendDist"} → ${pkgPath} scripts.build (${scripts.build}), ${lock ? lock[0] : "no lockfile"}`,
      notes,
    };
  }
  return undefined;
}
