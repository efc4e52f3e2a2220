/**
 * The code in a Markdown file: fenced blocks (shell-like ones) and inline code spans,
 * each with its line number. Pure.
 */

export interface CodeSnippet {
  line: number;
  text: string;
  /** a line of a fenced block (commands), or an inline span (a command or a path) */
  kind: "block" | "span";
}

/** Fence languages whose lines are commands; unlabelled fences count too. */
const SHELL_LANGS = new Set(["", "sh", "bash", "shell", "console", "zsh", "text", "powershell", "ps1"]);

export function codeSnippets(markdown: string): CodeSnippet[] {
  const out: CodeSnippet[] = [];
  const lines = markdown.split(/\r?\n/);
  let fence: { marker: string; shell: boolean } | undefined;
  lines.forEach((text, i) => {
    const open = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(text);
    if (fence) {
      if (open && open[1]!.startsWith(fence.marker)) fence = undefined;
      else if (fence.shell && text.trim()) out.push({ line: i + 1, text, kind: "block" });
      return;
    }
    if (open) {
      fence = { marker: open[1]!, shell: SHELL_LANGS.has(open[2]!.toLowerCase()) };
      return;
    }
    for (const m of text.matchAll(/(`+)([^`]+?)\1(?!`)/g)) out.push({ line: i + 1, text: m[2]!.trim(), kind: "span" });
  });
  return out;
}

export interface StaleFlow {
  line: number;
  text: string;
}

/** Prose that tells the operator to leave the release to CI (the contract where fan-out never happens). */
const STALE_FLOW = [
  /\bwait(?:ing)?\s+(?:for|until)\s+(?:the\s+)?(?:CI|GitHub\s+Actions|Actions|(?:the\s+)?[\w.-]*\s*workflows?)\b[^.\n]{0,60}?\b(?:to\s+)?(?:create|creates|publish|publishes|make|makes|draft)\s+(?:the|a)\s+(?:GitHub\s+)?release/i,
  // "never" only as an instruction (starting a sentence or a list item), not "(never create a release)" describing code.
  /(?:\b(?:do\s+not|don't)|(?:^|[.:!]\s+|^\s*[-*]\s+)never)\s+(?:manually\s+)?create\s+(?:the|a)\s+(?:GitHub\s+)?release\b/im,
  /\b(?:CI|GitHub\s+Actions|the\s+[\w.-]*\s*workflow)\s+(?:will\s+|then\s+)?(?:create|creates)\s+(?:the|a)\s+(?:GitHub\s+)?release\b/i,
  /\brelease\s+(?:is|will\s+be)\s+created\s+(?:automatically\s+)?by\s+(?:CI|GitHub\s+Actions|the\s+[\w.-]*\s*workflow)/i,
];

export function staleFlowLines(markdown: string): StaleFlow[] {
  const out: StaleFlow[] = [];
  markdown.split(/\r?\n/).forEach((text, i) => {
    if (text.includes("doctor: ignore")) return;
    if (STALE_FLOW.some((re) => re.test(text))) out.push({ line: i + 1, text: text.trim() });
  });
  return out;
}
