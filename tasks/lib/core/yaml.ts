/**
 * The YAML library, loaded on first use with `require`: its Node build is CommonJS, and
 * importing it from ESM first runs Node's CommonJS export scanner over its 84 files
 * (about 20 ms more than `require` on the 2-core machine). `require` also keeps parsing
 * synchronous. Every command builds the doctor's check list, and a repository without
 * workflows must not pay for the library at all.
 */
import { createRequire } from "node:module";

let loaded: typeof import("yaml") | undefined;

export function yaml(): typeof import("yaml") {
  loaded ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return loaded;
}
