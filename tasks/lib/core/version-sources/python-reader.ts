/**
 * Python files read by Python itself: `setup.py` and version modules with the `ast`
 * module, `setup.cfg` and `.bumpversion.cfg` with `configparser`. One `python3`
 * process reads every file of a repository through the process door; a pattern would
 * misread `version=VERSION`, a comment or a string that merely looks like a version.
 */
import { read } from "../exec.ts";

/** A string literal and where it sits (1-based line, 0-based UTF-8 byte columns, as `ast` gives them). */
export interface PyLiteral {
  value: string;
  line: number;
  col: number;
  endCol: number;
}

export interface SetupPyFacts {
  /** `version=` of the setup() call: a literal, or a module-level name bound to one */
  version?: PyLiteral;
  /** what `version=` is when it is not a literal ("name", "call", "subscript", ...) */
  versionExpr?: string;
  /** `use_scm_version=` is given and not False: setuptools_scm derives the version from the tag */
  scm: boolean;
  name?: string;
  /** every string constant in the file (the files it may read its version from) */
  strings: string[];
}

export interface PythonFacts {
  setupPy?: SetupPyFacts | { error: string };
  /** configparser sections → options (setup.cfg, .bumpversion.cfg) */
  ini: Record<string, Record<string, Record<string, string>> | { error: string }>;
  /** module-level `__version__`, `version` and `release` string literals, by path */
  modules: Record<string, Record<string, PyLiteral> | { error: string }>;
}

export interface PythonInput {
  setupPy?: string;
  ini: Record<string, string>;
  modules: Record<string, string>;
}

const SCRIPT = String.raw`
import ast, configparser, json, sys

def lit(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {"value": node.value, "line": node.lineno, "col": node.col_offset, "endCol": node.end_col_offset}
    return None

def assigns(tree):
    out = {}
    for stmt in tree.body:
        targets, value = [], None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        for t in targets:
            if isinstance(t, ast.Name) and lit(value):
                out[t.id] = lit(value)
    return out

def setup_py(text):
    tree = ast.parse(text)
    names = assigns(tree)
    facts = {"scm": False, "strings": sorted({n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)})}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if fname != "setup":
            continue
        for kw in node.keywords:
            if kw.arg == "use_scm_version":
                facts["scm"] = not (isinstance(kw.value, ast.Constant) and not kw.value.value)
            elif kw.arg == "name" and lit(kw.value):
                facts["name"] = kw.value.value
            elif kw.arg == "version":
                v = lit(kw.value)
                if v is None and isinstance(kw.value, ast.Name) and kw.value.id in names:
                    v = names[kw.value.id]
                if v is not None:
                    facts["version"] = v
                else:
                    facts["versionExpr"] = type(kw.value).__name__.lower()
    return facts

def module(text):
    names = assigns(ast.parse(text))
    return {k: names[k] for k in ("__version__", "version", "release") if k in names}

def ini(text):
    p = configparser.RawConfigParser(strict=False, interpolation=None)
    p.read_string(text)
    return {s: dict(p.items(s)) for s in p.sections()}

def guard(fn, text):
    try:
        return fn(text)
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e).splitlines()[0] if str(e) else type(e).__name__}

data = json.load(sys.stdin)
out = {"ini": {}, "modules": {}}
if data.get("setupPy") is not None:
    out["setupPy"] = guard(setup_py, data["setupPy"])
for path, text in data["ini"].items():
    out["ini"][path] = guard(ini, text)
for path, text in data["modules"].items():
    out["modules"][path] = guard(module, text)
json.dump(out, sys.stdout)
`;

/** Whether a reader's answer is an error. */
export function isError<T extends object>(v: T | { error: string } | undefined): v is { error: string } {
  return v !== undefined && "error" in v && typeof (v as { error: unknown }).error === "string";
}

/**
 * Read the given texts with python3 (one process). Undefined with the reason when python3
 * cannot be run: the caller reports those files as unread rather than guessing.
 */
export async function readPython(input: PythonInput, cwd: string): Promise<PythonFacts | { unavailable: string }> {
  const empty = input.setupPy === undefined && !Object.keys(input.ini).length && !Object.keys(input.modules).length;
  if (empty) return { ini: {}, modules: {} };
  try {
    const r = await read(["python3", "-I", "-c", SCRIPT], { cwd, input: JSON.stringify(input), nothrow: true });
    if (r.exitCode !== 0) return { unavailable: `python3 exited ${r.exitCode}: ${r.stderr.trim().split("\n").at(-1)}` };
    return JSON.parse(r.stdout) as PythonFacts;
  } catch (e) {
    return { unavailable: `python3 could not be run (${(e as Error).message.split("\n")[0]})` };
  }
}
