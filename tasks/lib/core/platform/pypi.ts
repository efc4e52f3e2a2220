/**
 * What the Python Package Index accepts from an upload (TestPyPI runs the same code):
 * the facts the PyPI workflow checks rely on, each with where it was read.
 */
import { fact, type PlatformFact } from "./fact.ts";

const CHECKED = "2026-12-07";

/**
 * Uploads authenticate with an API token, given as the password of the user name
 * `__token__`, or with trusted publishing; a user's name and password are refused since
 * two-factor authentication became mandatory for every account at the start of 2024.
 */
export const PYPI_TOKEN_USER = fact(
  { username: "__token__", passwordUploadsRefusedSince: "2024-01-01" },
  'PyPI\'s blog, 2023-05-25, "Securing PyPI accounts via Two-Factor Authentication" (2FA on every account by the end of 2023, so uploads need API tokens or trusted publishers); PyPI\'s help page, "How can I use API tokens to authenticate with PyPI?" (the user name __token__)',
  CHECKED,
);

/** A file name is accepted once: uploading the same file again is refused (twine's `--skip-existing` passes over it). */
export const PYPI_FILE_ONCE = fact(
  { status: 400, message: "File already exists" },
  "PyPI's help page, \"Why am I getting a 'Filename or contents already exists' or 'Filename has been previously used' error?\"; twine's documentation, `twine upload` (--skip-existing)",
  CHECKED,
);

/** Every fact of this file, for the platform index. */
export const pypiFacts: readonly PlatformFact<unknown>[] = [PYPI_TOKEN_USER, PYPI_FILE_ONCE];
