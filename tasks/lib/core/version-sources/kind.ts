/** How a version file is read and edited, from its name (a config may name the kind instead). */
import { basename } from "node:path";
import type { VersionFileKind } from "../config/schema.ts";
import { ReleaseError } from "../errors.ts";

export function inferKind(path: string): VersionFileKind {
  const name = basename(path);
  if (name === "pyproject.toml") return "pyproject";
  if (name === "Cargo.toml") return "cargo";
  if (name.endsWith(".json")) return "json";
  if (name === ".bumpversion.cfg" || name === ".bumpversion.toml" || name === "setup.cfg") return "bumpversion";
  if (name === "setup.py") return "setup-py";
  if (name === "conf.py") return "sphinx";
  if (name.endsWith(".py")) return "python";
  if (/^VERSION(\.txt)?$/i.test(name)) return "plain";
  throw new ReleaseError(
    "config.invalid",
    `Cannot tell how to edit the version in ${path}`,
    `Give its kind in release.config.ts: { path: "${path}", kind: "pyproject" | "cargo" | "json" | "python" | "sphinx" | "bumpversion" | "plain" | "setup-cfg" | "setup-py" }, or { path: "${path}", kind: "variable", variable: "NAME" } for a NAME = X.Y.Z assignment`,
  );
}
