/** Small fixtures for the publishing tests: a tiny .app (signer keys: test/helpers/signing.ts). */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Atlas.app with an executable, a plain file, a relative symlink and a framework-style link. */
export function makeApp(parent: string, name = "Atlas"): string {
  const app = join(parent, `${name}.app`);
  const contents = join(app, "Contents");
  mkdirSync(join(contents, "MacOS"), { recursive: true });
  mkdirSync(join(contents, "Frameworks/Python.framework/Versions/3.12"), { recursive: true });
  writeFileSync(
    join(contents, "Info.plist"),
    "<plist><dict><key>CFBundleName</key><string>Atlas</string></dict></plist>\n",
  );
  writeFileSync(join(contents, "MacOS", name.toLowerCase()), "#!/bin/sh\necho atlas\n");
  chmodSync(join(contents, "MacOS", name.toLowerCase()), 0o755);
  writeFileSync(
    join(contents, "Frameworks/Python.framework/Versions/3.12/Python"),
    Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]),
  );
  chmodSync(join(contents, "Frameworks/Python.framework/Versions/3.12/Python"), 0o755);
  symlinkSync("3.12", join(contents, "Frameworks/Python.framework/Versions/Current"));
  symlinkSync("Versions/Current/Python", join(contents, "Frameworks/Python.framework/Python"));
  return app;
}
