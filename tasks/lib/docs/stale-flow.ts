/**
 * `docs.stale-flow`'s reading: does a sentence attribute making the release to CI
 * (a workflow, GitHub Actions, the tag push), or tell the operator to wait for it?
 * What CI does is read in the clause of the verb: a clause opened by "after", "once",
 * "when" names what CI reacts to ("uploads to PyPI once a release is published"), not
 * what it makes. A sentence is checked with every language table of flow-phrases.ts. Pure.
 */
import { FLOW_LANGUAGES, type FlowPhrases } from "./flow-phrases.ts";
import type { Sentence } from "./markdown.ts";

interface Reading {
  why: string;
  /**
   * Read from a cause rather than an agent the sentence names (the release made "when the
   * tag is pushed", waiting for it to appear): a doc that tells the reader to publish the
   * release answers who makes it, so the reading is dropped there.
   */
  inferred: boolean;
}

/** Why the sentence describes the stale flow, or undefined. */
export function staleReason(sentence: string, p: FlowPhrases): string | undefined {
  return staleReading(sentence, p)?.why;
}

/** The sentence's stale reading, a named agent preferred over an inferred cause. */
export function staleReading(sentence: string, p: FlowPhrases): Reading | undefined {
  const found: Reading[] = [];
  if (p.dontCreate.test(sentence) && !p.notInCi.test(sentence))
    found.push({ why: "tells the operator not to create the release", inferred: false });
  if (p.wait.test(sentence)) {
    const after = sentence.slice(sentence.search(p.wait));
    const why = "tells the operator to wait for CI to create the release";
    if (madeByCi(after, p)) found.push({ why, inferred: false });
    else if (p.appears.test(after)) found.push({ why, inferred: true });
  }
  const passive = passiveByCi(sentence, p);
  if (passive) found.push(passive);
  if (madeByCi(sentence, p)) found.push({ why: "attributes creating the release to CI", inferred: false });
  return found.find((r) => !r.inferred) ?? found[0];
}

interface Clause {
  start: number;
  text: string;
  /** opened by a trigger word: it names what something reacts to, not what the main clause's subject does */
  trigger: boolean;
}

const all = (re: RegExp, s: string) => [...s.matchAll(new RegExp(re.source, re.flags.replace("g", "") + "g"))];

/** The clause holding s[from, to): between punctuation and the words that open a clause. */
function clauseAround(s: string, from: number, to: number, p: FlowPhrases): Clause {
  const breaks = all(p.clauseBreak, s);
  const triggers = all(p.trigger, s);
  const afterBreak = Math.max(0, ...breaks.filter((m) => m.index! < from).map((m) => m.index! + m[0].length));
  const opener = triggers.filter((m) => m.index! >= afterBreak && m.index! < from).at(-1)?.index;
  const start = opener ?? afterBreak;
  const end = Math.min(s.length, ...[...breaks, ...triggers].map((m) => m.index!).filter((i) => i >= to));
  return { start, text: s.slice(start, end), trigger: opener !== undefined };
}

/**
 * A passive making of the release ("the release is published automatically") that CI
 * does: its own clause names CI as the agent, or, outside a trigger clause, the sentence
 * names the tag push as the cause. In a trigger clause ("after a release is published")
 * the release is what CI reacts to; a clause naming a person ("by a maintainer") or a
 * negation is not CI's either.
 */
function passiveByCi(s: string, p: FlowPhrases): Reading | undefined {
  for (const m of all(p.passive, s)) {
    const from = m.index!;
    const to = from + m[0].length;
    if (all(p.clauseBreak, m[0]).length || all(p.trigger, m[0]).length) continue;
    const clause = clauseAround(s, from, to, p);
    if (p.negation.test(clause.text) || all(p.operatorAgent, clause.text).length) continue;
    if (p.passiveAgent.test(clause.text)) return { why: "says the release is made by CI", inferred: false };
    if (!clause.trigger && p.tagTrigger.test(s))
      return { why: "says the release is made when the tag is pushed", inferred: true };
  }
  return undefined;
}

/**
 * Whether the verb opens a sentence or a list item as an order to the reader ("Create a
 * release on GitHub"), rather than continuing a lead-in whose subject is CI ("the runners
 * will automatically: - create the release").
 */
function imperative(before: string, verb: string): boolean {
  if (!/(?:^|[.:;!?])\s*$/.test(before)) return false;
  if (verb[0] !== verb[0]!.toUpperCase()) return false;
  return !/\b(?:will|would|shall|can|could|should|must|does|do|automatically|then)\s*:\s*$/i.test(before);
}

/** Each create-verb followed by the release, with the text before it. */
function makings(s: string, p: FlowPhrases): { at: number; verb: string; before: string }[] {
  return all(p.create, s)
    .filter((v) => p.release.test(s.slice(v.index! + v[0].length)))
    .map((v) => ({ at: v.index!, verb: v[0], before: s.slice(0, v.index!) }));
}

/** Whether a create-verb followed by the release has a CI agent as its closest subject. */
function madeByCi(s: string, p: FlowPhrases): boolean {
  for (const { at, verb, before } of makings(s, p)) {
    if (imperative(before, verb)) continue;
    // "the draft release", "a draft": a noun, not CI drafting one.
    if (p.determiner.test(before)) continue;
    const ci = all(p.ciAgent, before).at(-1);
    const op = all(p.operatorAgent, before).at(-1);
    if (!ci || (op && op.index! > ci.index!)) continue;
    // "the workflow uploads the wheels once someone publishes the release": the making is in a trigger clause CI is outside of.
    const clause = clauseAround(s, at, at + verb.length, p);
    if (clause.trigger && ci.index! < clause.start) continue;
    // "CI does not create…", "no workflow creates…": the negation sits around the subject.
    const around = before.slice(Math.max(0, ci.index! - 12));
    if (p.negation.test(around)) continue;
    return true;
  }
  return false;
}

/** Whether the sentence has the reader (or a person) make the release: "Publish a GitHub release", "the maintainer publishes it". */
export function readerMakesRelease(s: string, p: FlowPhrases): boolean {
  return makings(s, p).some(({ verb, before }) => {
    if (p.negation.test(before.slice(-16))) return false;
    if (imperative(before, verb)) return true;
    const ci = all(p.ciAgent, before).at(-1);
    const op = all(p.operatorAgent, before).at(-1);
    return Boolean(op && (!ci || op.index! > ci.index!));
  });
}

/** The sentences of a doc that describe the stale flow (a line with `doctor: ignore` is skipped). */
export function staleFlowSentences(
  sentences: readonly Sentence[],
  rawLines: readonly string[] = [],
): (Sentence & { why: string })[] {
  // Who the doc says makes the release answers a sentence that names no agent.
  const readerMakes = sentences.some((s) => FLOW_LANGUAGES.some((l) => readerMakesRelease(s.text, l)));
  const readingOf = (text: string) =>
    FLOW_LANGUAGES.map((l) => staleReading(text, l)).find((r) => r && !(r.inferred && readerMakes));
  const out: (Sentence & { why: string })[] = [];
  const leadIns = new Set<string>();
  for (const s of sentences) {
    if (rawLines[s.line - 1]?.includes("doctor: ignore")) continue;
    // A list's lead-in that is stale by itself is reported once, not once per item.
    if (s.leadIn && leadIns.has(s.leadIn)) continue;
    if (s.leadIn && readingOf(s.leadIn)) leadIns.add(s.leadIn);
    const reading = readingOf(s.text);
    if (reading) out.push({ ...s, why: reading.why });
  }
  return out;
}
