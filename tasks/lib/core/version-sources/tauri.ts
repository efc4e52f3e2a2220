/**
 * Where a Tauri app keeps its version, by Tauri's rules (its config schema): a version
 * string in tauri.conf.json (v2 top-level `version`, v1 `package.version`), a path there
 * to a package.json that holds it, or no version at all, and then Cargo.toml's
 * (`[package].version`, or the workspace's with `version.workspace = true`). The app's
 * Cargo.toml and package.json files at the same version are kept in step. Pure.
 */
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { parseJsonObject, rec, type Rec } from "../records.ts";
import { releaseBuiltApps } from "../tauri-builds.ts";
import { appConfPath, parseTauriConf, tauriVersionField } from "../tauri-conf.ts";
import { emptyFound, type Found, looksLikeVersion, type SourceFacts, type VersionSourceFile } from "./types.ts";

const json = (facts: SourceFacts, path: string): Rec | undefined => parseJsonObject(facts.text(path));

/** The version of a Cargo.toml: its own, or its workspace's when it inherits it. */
function cargoVersion(facts: SourceFacts, path: string): VersionSourceFile | undefined {
  let toml: Rec;
  try {
    toml = rec(parseToml(facts.text(path) ?? ""));
  } catch {
    return undefined;
  }
  const own = rec(toml.package).version;
  if (typeof own === "string") return { path, kind: "cargo", version: own, why: `${path} [package].version` };
  if (rec(own).workspace !== true) return undefined;
  for (let dir = posix.dirname(posix.dirname(path)); ; dir = posix.dirname(dir)) {
    const root = dir === "." ? "Cargo.toml" : `${dir}/Cargo.toml`;
    try {
      const ws = rec(rec(rec(parseToml(facts.text(root) ?? "")).workspace).package).version;
      if (typeof ws === "string")
        return { path: root, kind: "cargo", version: ws, why: `${path} inherits ${root} [workspace.package].version` };
    } catch {
      /* not a manifest: keep going up */
    }
    if (dir === ".") return undefined;
  }
}

/** The repository's workflows, as text. */
const workflowsOf = (facts: SourceFacts) =>
  facts.paths
    .filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p))
    .flatMap((path) => {
      const text = facts.text(path);
      return text === undefined ? [] : [{ path, text }];
    });

export function tauriSources(facts: SourceFacts): Found {
  const found = emptyFound();
  const confPath = appConfPath(facts.paths, undefined, releaseBuiltApps(workflowsOf(facts)));
  if (!confPath) return found;
  const conf = parseTauriConf(facts.text(confPath));
  if (!conf) {
    found.questions.push(`${confPath} is not plain JSON (JSON5 or broken): which file carries the app's version?`);
    return found;
  }
  const dir = posix.dirname(confPath);
  const field = tauriVersionField(conf);
  const cargo = cargoVersion(facts, `${dir}/Cargo.toml`);
  let app: VersionSourceFile | undefined;
  if (field.value && /\.json$/.test(field.value)) {
    const target = posix.normalize(posix.join(dir, field.value));
    const version = json(facts, target)?.version;
    if (typeof version === "string")
      app = { path: target, kind: "json", version, why: `${confPath} ${field.at} points at ${target}` };
    else found.questions.push(`${confPath} takes its version from ${target}, which has no "version": add one`);
  } else if (field.value && looksLikeVersion(field.value)) {
    app = { path: confPath, kind: "json", version: field.value, why: `${confPath} ${field.at}` };
  } else if (!field.value && cargo) {
    app = { ...cargo, why: `${confPath} has no ${field.at}: Tauri uses ${cargo.why}` };
  }
  if (!app) {
    if (!found.questions.length)
      found.questions.push(
        `${confPath} declares no app version and ${dir}/Cargo.toml none either: which file carries it?`,
      );
    return found;
  }
  found.files.push(app);
  const inStep = (f: VersionSourceFile | undefined, why: string) => {
    if (!f || found.files.some((g) => g.path === f.path)) return;
    if (f.version === app!.version) found.files.push({ ...f, why });
    else found.notes.push(`${f.path} says ${f.version} while the app is ${app!.version}: the cut leaves it alone`);
  };
  inStep(cargo, `${cargo?.path} is the app's crate, kept at the app's version`);
  const parent = posix.dirname(dir);
  for (const pkg of [parent === "." ? "package.json" : `${parent}/package.json`, "package.json"]) {
    const version = json(facts, pkg)?.version;
    if (typeof version === "string")
      inStep({ path: pkg, kind: "json", version, why: "" }, `${pkg} carries the app's version`);
  }
  return found;
}
