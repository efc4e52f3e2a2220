/**
 * Human output goes to stderr so that `--json` keeps stdout for exactly one document.
 * Colors only on a TTY (and never with NO_COLOR). Everything is redacted.
 */
import { redact } from "./redact.ts";

const useColor = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const c = {
  bold: paint("1"),
  dim: paint("2"),
  red: paint("31"),
  green: paint("32"),
  yellow: paint("33"),
  cyan: paint("36"),
};

/** Where output goes: the process's streams, or (a flow run inside a test) a collector. */
export interface OutputSink {
  stdout(text: string): void;
  stderr(text: string): void;
}
const processSink: OutputSink = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
let sink = processSink;
/** Send output to `next` (undefined: back to the process's streams); returns the previous sink. */
export function setOutput(next: OutputSink | undefined): OutputSink {
  const previous = sink;
  sink = next ?? processSink;
  return previous;
}

let quiet = false;
export function setQuiet(q: boolean): void {
  quiet = q;
}

export function log(message = ""): void {
  if (!quiet) sink.stderr(redact(message) + "\n");
}

/** Progress of a long step: "→ step ..." then "✓ step (1.2s)" or "✗ step". */
export async function step<T>(title: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`${c.cyan("→")} ${title}`);
  try {
    const result = await fn();
    log(`${c.green("✓")} ${title} ${c.dim(`(${((Date.now() - started) / 1000).toFixed(1)}s)`)}`);
    return result;
  } catch (e) {
    log(`${c.red("✗")} ${title}`);
    throw e;
  }
}

/** Print to stdout (the one JSON document, or plain human output when not --json). */
export function out(text: string): void {
  sink.stdout(redact(text) + (text.endsWith("\n") ? "" : "\n"));
}
