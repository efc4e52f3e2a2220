/**
 * Where a Python project keeps its version, by the rules of its build tool: PEP 621
 * `[project].version` (static, or `dynamic` and then the backend's own source),
 * Poetry 1's `[tool.poetry].version`, `setup.cfg` `[metadata] version`, a `setup.py`
 * literal, a `__version__` module, a plain VERSION file, or a tool that takes it from
 * the tag (setuptools_scm, hatch-vcs, versioningit, pdm's scm source, ...). Pure.
 */
import { parse as parseToml } from "smol-toml";
import { rec, type Rec } from "../records.ts";
import { isError, type PyLiteral } from "./python-reader.ts";
import { emptyFound, type Found, looksLikeVersion, type SourceFacts, type VersionSourceFile } from "./types.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** The tools that make the tag the version, as pyproject.toml configures them. */
function tagTool(py: Rec): { tool: string; why: string } | undefined {
  const tool = rec(py.tool);
  const hatch = str(rec(rec(tool.hatch).version).source);
  const requires = (
    Array.isArray(rec(py["build-system"]).requires) ? rec(py["build-system"]).requires : []
  ) as unknown[];
  const needs = (re: RegExp) => requires.some((r) => typeof r === "string" && re.test(r));
  const backend = str(rec(py["build-system"])["build-backend"]) ?? "";
  if (hatch === "vcs") return { tool: "hatch-vcs", why: '[tool.hatch.version] source = "vcs"' };
  if (hatch === "versioningit" || "versioningit" in tool)
    return { tool: "versioningit", why: "pyproject.toml configures versioningit" };
  if (hatch === "uv-dynamic-versioning" || "uv-dynamic-versioning" in tool)
    return { tool: "uv-dynamic-versioning", why: "pyproject.toml configures uv-dynamic-versioning" };
  if (str(rec(rec(tool.pdm).version).source) === "scm")
    return { tool: "pdm-backend (scm)", why: '[tool.pdm.version] source = "scm"' };
  if (rec(tool["poetry-dynamic-versioning"]).enable === true)
    return { tool: "poetry-dynamic-versioning", why: "[tool.poetry-dynamic-versioning] enable = true" };
  if (rec(tool["setuptools-git-versioning"]).enabled === true)
    return { tool: "setuptools-git-versioning", why: "[tool.setuptools-git-versioning] enabled = true" };
  if (backend.startsWith("flit_scm")) return { tool: "flit_scm", why: `build-backend = "${backend}"` };
  if ("setuptools_scm" in tool || needs(/^setuptools[-_]scm\b/i))
    return { tool: "setuptools_scm", why: "pyproject.toml configures setuptools_scm" };
  return undefined;
}

/** A `__version__` literal in one of the candidate modules (python3's reading). */
function moduleVersion(facts: SourceFacts, candidates: string[], why: string): VersionSourceFile | undefined {
  if ("unavailable" in facts.python) return undefined;
  for (const path of candidates) {
    const m = facts.python.modules[path];
    if (!m || isError(m)) continue;
    const v = (m as Record<string, PyLiteral>).__version__;
    if (v) return { path, kind: "python", version: v.value, why };
  }
  return undefined;
}

/** A file whose whole text is the version (VERSION, VERSION.txt, a `file:` source). */
export function plainVersion(facts: SourceFacts, path: string, why: string): VersionSourceFile | undefined {
  const text = facts.text(path)?.trim();
  return text && !text.includes("\n") && looksLikeVersion(text)
    ? { path, kind: "plain", version: text, why }
    : undefined;
}

/** The file a path source names: a module's `__version__`, or a plain version file. */
function pathSource(facts: SourceFacts, path: string, why: string): VersionSourceFile | undefined {
  return path.endsWith(".py") ? moduleVersion(facts, [path], why) : plainVersion(facts, path, why);
}

/** `pkg.sub.__version__` → the module files it may name (flat and src layouts). */
function attrModules(attr: string, packageDir: string | undefined): string[] {
  const parts = attr.split(".").slice(0, -1);
  const bases = [packageDir, "", "src"].filter((b, i, all) => b !== undefined && all.indexOf(b) === i) as string[];
  return bases.flatMap((b) => {
    const rel = parts.join("/");
    const at = (p: string) => (b ? `${b}/${p}` : p);
    return [at(`${rel}.py`), at(`${rel}/__init__.py`)];
  });
}

/** `[project]` with "version" in `dynamic`: the backend's own source decides. */
function dynamicSource(facts: SourceFacts, py: Rec, found: Found): void {
  const tool = rec(py.tool);
  const tag = tagTool(py);
  if (tag) {
    found.fromTag = tag;
    return;
  }
  const hatchPath = str(rec(rec(tool.hatch).version).path);
  const pdm = rec(rec(tool.pdm).version);
  const dynamic = rec(rec(rec(tool.setuptools).dynamic).version);
  const backend = str(rec(py["build-system"])["build-backend"]) ?? "";
  let file: VersionSourceFile | undefined;
  let named: string | undefined;
  if (hatchPath) {
    named = `[tool.hatch.version] path = "${hatchPath}"`;
    file = pathSource(facts, hatchPath, named);
  } else if (str(pdm.source) === "file" && str(pdm.path)) {
    named = `[tool.pdm.version] path = "${pdm.path}"`;
    file = pathSource(facts, str(pdm.path)!, named);
  } else if (str(dynamic.attr)) {
    named = `[tool.setuptools.dynamic] version = { attr = "${dynamic.attr}" }`;
    const dir = str(rec(rec(tool.setuptools)["package-dir"])[""]);
    if (/(^|\.)__version__$/.test(str(dynamic.attr)!))
      file = moduleVersion(facts, attrModules(str(dynamic.attr)!, dir), named);
  } else if (dynamic.file !== undefined) {
    const first = Array.isArray(dynamic.file) ? str(dynamic.file[0]) : str(dynamic.file);
    named = `[tool.setuptools.dynamic] version = { file = "${first}" }`;
    if (first) file = plainVersion(facts, first, named);
  } else if (backend.startsWith("flit_core")) {
    const mod = str(rec(rec(tool.flit).module).name) ?? str(rec(py.project).name)?.replace(/[-.]/g, "_");
    named = "flit takes the version from the module's __version__";
    if (mod) file = moduleVersion(facts, [`${mod}/__init__.py`, `src/${mod}/__init__.py`, `${mod}.py`], named);
  }
  if (file) found.files.push(file);
  else if (named)
    found.questions.push(
      `pyproject.toml names its version source (${named}) but no version literal was found there: which file carries the version?`,
    );
  else if (!facts.paths.includes("setup.py") && !facts.paths.includes("setup.cfg"))
    found.questions.push(
      'pyproject.toml declares dynamic = ["version"] with no source the toolkit recognises: which file carries the version, or is it the tag?',
    );
}

/** The rules of pyproject.toml alone; setup.cfg and setup.py are read after it. */
function pyprojectSources(facts: SourceFacts, found: Found): "static" | "dynamic" | "absent" {
  const text = facts.text("pyproject.toml");
  if (text === undefined) return "absent";
  let py: Rec;
  try {
    py = rec(parseToml(text));
  } catch (e) {
    found.questions.push(`pyproject.toml is not valid TOML (${(e as Error).message.split("\n")[0]}): fix it first`);
    return "absent";
  }
  const project = rec(py.project);
  const poetry = rec(rec(py.tool).poetry);
  const name = str(project.name) ?? str(poetry.name);
  if (name)
    found.pythonName = { value: name, why: `pyproject.toml ${str(project.name) ? "[project]" : "[tool.poetry]"}.name` };
  const dynamic = Array.isArray(project.dynamic) && project.dynamic.includes("version");
  if (str(project.version)) {
    found.files.push({
      path: "pyproject.toml",
      kind: "pyproject",
      version: str(project.version)!,
      why: "[project].version (PEP 621)",
    });
    return "static";
  }
  if (dynamic) {
    dynamicSource(facts, py, found);
    return "dynamic";
  }
  if (rec(rec(py.tool)["poetry-dynamic-versioning"]).enable === true) {
    found.fromTag = tagTool(py);
    return "dynamic";
  }
  if (str(poetry.version)) {
    found.files.push({
      path: "pyproject.toml",
      kind: "pyproject",
      version: str(poetry.version)!,
      why: "[tool.poetry].version (Poetry 1)",
    });
    return "static";
  }
  return Object.keys(project).length || Object.keys(poetry).length ? "dynamic" : "absent";
}

/** setup.cfg `[metadata] version`: a literal, `attr:` a module's `__version__`, or `file:`. */
function setupCfgSources(facts: SourceFacts, found: Found): boolean {
  if ("unavailable" in facts.python) return false;
  const cfg = facts.python.ini["setup.cfg"];
  if (!cfg || isError(cfg)) return false;
  const meta = (cfg as Record<string, Record<string, string>>).metadata ?? {};
  if (meta.name && !found.pythonName) found.pythonName = { value: meta.name, why: "setup.cfg [metadata] name" };
  if ("versioneer" in cfg) {
    found.fromTag = { tool: "versioneer", why: "setup.cfg [versioneer]" };
    return true;
  }
  const version = meta.version?.trim();
  if (!version) return false;
  const attr = /^attr:\s*([\w.]+)$/.exec(version)?.[1];
  const file = /^file:\s*([^,\s]+)/.exec(version)?.[1];
  const why = `setup.cfg [metadata] version = ${version}`;
  const source = attr
    ? moduleVersion(facts, attrModules(attr, undefined), why)
    : file
      ? plainVersion(facts, file, why)
      : looksLikeVersion(version)
        ? { path: "setup.cfg", kind: "setup-cfg" as const, version, why: "setup.cfg [metadata] version" }
        : undefined;
  if (source) found.files.push(source);
  else found.questions.push(`${why}: no version literal was found there; which file carries the version?`);
  return true;
}

/** setup.py: `use_scm_version`, a `version=` literal, or a file it names and reads. */
function setupPySources(facts: SourceFacts, found: Found): void {
  if (!facts.paths.includes("setup.py")) return;
  if ("unavailable" in facts.python) {
    found.questions.push(`setup.py was not read (${facts.python.unavailable}): which file carries the version?`);
    return;
  }
  const setup = facts.python.setupPy;
  if (!setup) return;
  if (isError(setup)) {
    found.questions.push(`setup.py could not be read as Python (${setup.error}): which file carries the version?`);
    return;
  }
  if (setup.name && !found.pythonName) found.pythonName = { value: setup.name, why: "setup.py setup(name=...)" };
  if (setup.scm) {
    found.fromTag = { tool: "setuptools_scm", why: "setup.py setup(use_scm_version=...)" };
    return;
  }
  if (setup.version) {
    found.files.push({
      path: "setup.py",
      kind: "setup-py",
      version: setup.version.value,
      why: "setup.py setup(version=...) literal",
    });
    return;
  }
  if (setup.strings.some((s) => /^versioneer$|versioneer\.py$/.test(s))) {
    found.fromTag = { tool: "versioneer", why: "setup.py uses versioneer" };
    return;
  }
  // version= is computed: a file the script names (a literal path or file name) and reads.
  const named = facts.paths.filter((p) => setup.strings.includes(p));
  for (const p of named) {
    const hit = pathSource(facts, p, `setup.py reads its version from ${p}`);
    if (hit) {
      found.files.push(hit);
      return;
    }
  }
  if (setup.versionExpr)
    found.questions.push(
      "setup.py computes version= from code the toolkit does not run: which file carries the version?",
    );
}

export function pythonSources(facts: SourceFacts): Found {
  const found = emptyFound();
  const project = pyprojectSources(facts, found);
  if (project === "static" || found.fromTag || found.files.length) return found;
  const cfg = setupCfgSources(facts, found);
  if (!cfg || (!found.files.length && !found.fromTag)) setupPySources(facts, found);
  // A pyproject question is moot when setup.cfg or setup.py answered it.
  if (found.files.length || found.fromTag)
    found.questions = found.questions.filter((q) => !q.startsWith("pyproject.toml declares"));
  return found;
}
