/**
 * The desktop app's Python sidecar: built by PyInstaller the way the app loads it, put
 * where tauri.conf.json bundles it, and smoke-run before anything is built or uploaded.
 * Paths are computed here once; the steps and the placement check read the same ones.
 */
import { posix } from "node:path";
import type { SidecarConfig } from "../tasks/lib/core/config/workflows-schema.ts";
import type { TemplateContext } from "./context.ts";
import { lines, shq } from "./steps.ts";
import type { RunStep } from "./types.ts";

/** Where the sidecar lands, with `$TARGET` (the triple) and `$EXE` (".exe" on Windows) left to the shell. */
export interface SidecarLayout {
  /** what PyInstaller writes: a folder (onedir) or a file (onefile) */
  built: string;
  /** what the placement step writes (the same kind as `built`) */
  placed: string;
  /** the executable inside `placed` (the smoke test runs it) */
  executable: string;
}

export function sidecarLayout(tauriDir: string, s: SidecarConfig): SidecarLayout {
  if ("externalBin" in s.placement) {
    // Tauri looks for `<path>-<target triple>[.exe]` next to the configured externalBin path.
    const placed = `${posix.join(tauriDir, s.placement.externalBin)}-$TARGET$EXE`;
    return { built: `dist/${s.name}$EXE`, placed, executable: placed };
  }
  const base = posix.join(tauriDir, s.placement.resources, "$TARGET");
  if (s.mode === "onefile") {
    const placed = `${base}/${s.name}$EXE`;
    return { built: `dist/${s.name}$EXE`, placed, executable: placed };
  }
  const placed = `${base}/${s.name}`;
  return { built: `dist/${s.name}`, placed, executable: `${placed}/${s.name}$EXE` };
}

/** A path as a double-quoted shell word: `$TARGET`/`$EXE` expand, everything else is literal. */
const dq = (path: string) => `"${path.replace(/["\\`]/g, "\\$&")}"`;

export function sidecarSteps(ctx: TemplateContext, s: SidecarConfig): RunStep[] {
  const l = sidecarLayout(ctx.tauriDir, s);
  return [
    {
      name: `Build the Python sidecar (PyInstaller ${s.mode})`,
      shell: "bash",
      ...(Object.keys(s.env).length ? { env: s.env } : {}),
      run: lines(
        `python -m pip install ${shq(`pyinstaller==${ctx.pyinstallerVersion}`)} .`,
        `pyinstaller --noconfirm --clean --distpath dist ${shq(s.spec)}`,
      ),
    },
    {
      name: "Place the sidecar where tauri.conf.json bundles it",
      shell: "bash",
      run: lines(
        `rm -rf ${dq(l.placed)}`,
        `mkdir -p "$(dirname ${dq(l.placed)})"`,
        // cp -R keeps the symlinks inside a onedir build (Python.framework on macOS).
        `cp -R ${dq(l.built)} ${dq(l.placed)}`,
        `chmod +x ${dq(l.executable)}`,
      ),
    },
    {
      name: "Smoke-test the packaged sidecar",
      shell: "bash",
      run: lines(
        `SIDECAR=${dq(l.executable)}`,
        "export SIDECAR",
        'if [ ! -x "$SIDECAR" ]; then echo "::error::no executable sidecar at $SIDECAR"; exit 1; fi',
        s.smokeTest,
      ),
    },
  ];
}

/** The part of tauri.conf.json that says what is bundled. */
export interface TauriBundleConf {
  bundle?: { resources?: string[] | Record<string, string>; externalBin?: string[] };
}

/** A resources entry as a folder: `resources/sidecar/`, `resources/sidecar/**` and `resources/sidecar/*` all bundle the folder. */
const resourceRoot = (entry: string) => posix.normalize(entry.replace(/\/\*\*?(\/\*)?$/, "").replace(/\/+$/, ""));

/** Why the configured placement is not what tauri.conf.json bundles, or undefined when it is. Pure. */
export function placementProblem(conf: TauriBundleConf, s: SidecarConfig): string | undefined {
  const bundle = conf.bundle ?? {};
  if ("externalBin" in s.placement) {
    const bins = bundle.externalBin ?? [];
    return bins.includes(s.placement.externalBin)
      ? undefined
      : `bundle.externalBin is ${JSON.stringify(bins)}, without "${s.placement.externalBin}"`;
  }
  const want = posix.normalize(s.placement.resources.replace(/\/+$/, ""));
  const resources = bundle.resources ?? [];
  const sources = Array.isArray(resources) ? resources : Object.keys(resources);
  const covers = sources.some((src) => {
    const root = resourceRoot(src);
    return root === want || want.startsWith(`${root}/`) || root === ".";
  });
  return covers ? undefined : `bundle.resources bundles ${JSON.stringify(sources)}, none of which holds "${want}/"`;
}
