/**
 * The macOS signing keychain's whole life inside one job: created from
 * APPLE_CERTIFICATE with a random password, the identity checked in it, handed to the
 * finalizer with `--keychain`, and deleted in an `always()` step. Each step sees only
 * the secrets it uses; the decoded .p12 lives for one step.
 */
import { lines } from "./steps.ts";
import type { Env, RunStep } from "./types.ts";

export const KEYCHAIN = "$RUNNER_TEMP/release-signing.keychain-db";
const P12 = "$RUNNER_TEMP/release-signing.p12";

export function importKeychain(env: Env): RunStep {
  return {
    name: "Import the signing certificate into a temporary keychain",
    shell: "bash",
    env,
    run: lines(
      "umask 077",
      `keychain="${KEYCHAIN}"`,
      `p12="${P12}"`,
      'keychain_password="$(openssl rand -hex 24)"',
      'echo "::add-mask::$keychain_password"',
      `printf '%s' "$APPLE_CERTIFICATE" | base64 --decode > "$p12"`,
      'security create-keychain -p "$keychain_password" "$keychain"',
      'security set-keychain-settings -lut 21600 "$keychain"',
      'security unlock-keychain -p "$keychain_password" "$keychain"',
      'security import "$p12" -k "$keychain" -P "$APPLE_CERTIFICATE_PASSWORD" -f pkcs12 -T /usr/bin/codesign -T /usr/bin/security',
      'rm -f "$p12"',
      // codesign may use the key without a UI prompt (there is nobody to click "Allow").
      'security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "$keychain_password" "$keychain" > /dev/null',
      // The temporary keychain first in the search list, the runner's own ones after it.
      "mapfile -t existing < <(security list-keychains -d user | sed -e 's/^[[:space:]]*\"//' -e 's/\"$//')",
      'security list-keychains -d user -s "$keychain" "${existing[@]}"',
      'if ! security find-identity -v -p codesigning "$keychain" | grep -qF -- "$APPLE_SIGNING_IDENTITY"; then',
      '  echo "::error::the certificate in APPLE_CERTIFICATE does not hold the identity named by APPLE_SIGNING_IDENTITY"',
      "  security find-identity -v -p codesigning \"$keychain\" | sed -e 's/^/  /'",
      "  exit 1",
      "fi",
    ),
  };
}

export const deleteKeychain = (): RunStep => ({
  name: "Delete the temporary keychain",
  if: "always()",
  shell: "bash",
  run: lines(`if [ -f "${KEYCHAIN}" ]; then security delete-keychain "${KEYCHAIN}"; fi`, `rm -f "${P12}"`),
});
