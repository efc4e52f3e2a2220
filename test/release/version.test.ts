/** isPatchVersion(): the one rule the CHANGELOG's patch heading follows, read and written alike. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPatchVersion } from "../../tasks/lib/release/version.ts";

test("isPatchVersion(): a patch number other than 0 makes a patch release, pre-releases and builds included", () => {
  const rows: [string, boolean][] = [
    ["1.2.3", true],
    ["1.2.3-rc.1", true],
    ["0.20.5", true],
    ["1.2.0", false],
    ["1.2.0-rc.1", false],
    ["1.2.0+build.7", false],
    ["10.0.0", false],
    ["1.2.10", true],
  ];
  for (const [version, patch] of rows) assert.equal(isPatchVersion(version), patch, version);
});
