/**
 * The decision as one JSON document for machines (`decide --format json`). Keys are written in
 * a fixed order and absent optional keys are left out, so the output diffs cleanly.
 * The shape is documented in docs/json-output.md.
 */
import type { AnswersFile, SourceLocation } from '../model/answers.js';
import type { Decision, Finding, InteractionDecision, RequiredItem } from '../model/decision.js';
import type { Recommendation } from '../model/pack.js';

export const JSON_OUTPUT_VERSION = 2;

function toLocation(location: SourceLocation): Record<string, unknown> {
  return { file: location.file, line: location.line, column: location.column };
}

function toChecklistItem(item: RequiredItem): Record<string, unknown> {
  return {
    id: item.id,
    title: item.title,
    why: item.why,
    verify: item.verify,
    required_by: [...item.required_by],
    ...(item.depends_on_unknown === undefined ? {} : { depends_on_unknown: [...item.depends_on_unknown] }),
  };
}

function toInteraction(interaction: InteractionDecision): Record<string, unknown> {
  return {
    id: interaction.id,
    from: interaction.from,
    to: interaction.to,
    summary: interaction.summary,
    style: interaction.style,
    mechanism: interaction.mechanism,
    parts: { sync: interaction.parts.sync, async: interaction.parts.async, reply: interaction.parts.reply },
    confidence: interaction.confidence,
    support: interaction.support,
    main_reasons: [...interaction.main_reasons],
    reasons: interaction.reasons.map((reason) => ({
      rule: reason.rule,
      stance: reason.stance,
      vote: toVote(reason.vote),
      weight: reason.weight,
      text: reason.text,
      ...(reason.assuming === undefined ? {} : { assuming: { ...reason.assuming } }),
    })),
    options: interaction.options.map((option) => ({
      style: option.style,
      mechanism: option.mechanism,
      chosen: option.chosen,
      pros: [...option.pros],
      cons: [...option.cons],
    })),
    checklist: interaction.checklist.map(toChecklistItem),
    declared: interaction.declared ?? null,
    open_questions: interaction.open_questions.map((question) => ({
      question: question.question,
      prompt: question.prompt,
      alternatives: question.alternatives.map((alternative) => ({
        answer: alternative.answer,
        style: alternative.style,
        mechanism: alternative.mechanism,
      })),
      checklist: [...question.checklist],
    })),
    derived: [...interaction.derived],
    location: toLocation(interaction.location),
  };
}

/** The keys a rule voted on, in a fixed order. */
function toVote(vote: Recommendation): Record<string, unknown> {
  return {
    ...(vote.sync === undefined ? {} : { sync: vote.sync }),
    ...(vote.async === undefined ? {} : { async: vote.async }),
    ...(vote.mechanism === undefined ? {} : { mechanism: vote.mechanism }),
    ...(vote.reply === undefined ? {} : { reply: vote.reply }),
  };
}

function toFinding(finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.interaction === undefined ? {} : { interaction: finding.interaction }),
    ...(finding.flow === undefined ? {} : { flow: finding.flow }),
    ...(finding.location === undefined ? {} : { location: toLocation(finding.location) }),
  };
}

/** One JSON document, 2-space indent, ending with a newline. */
export function renderJson(answers: AnswersFile, decision: Decision): string {
  return [...renderJsonPieces(answers, decision)].join('');
}

/**
 * renderJson in pieces, one per interaction: the JSON of a large decision runs to a hundred
 * megabytes, which is printed as it is made instead of being held whole.
 */
export function* renderJsonPieces(answers: AnswersFile, decision: Decision): Generator<string> {
  const { summary } = decision;
  const document = {
    version: JSON_OUTPUT_VERSION,
    decision_id: answers.id,
    title: answers.title,
    status: answers.status,
    interactions: [],
    findings: decision.findings.map(toFinding),
    summary: {
      interactions: summary.interactions,
      styles: { sync: summary.styles.sync, async: summary.styles.async, hybrid: summary.styles.hybrid },
      findings: { error: summary.findings.error, warning: summary.findings.warning, info: summary.findings.info },
    },
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (decision.interactions.length === 0) {
    yield text;
    return;
  }
  // The empty list is written where the entries go. A newline inside a JSON string is written as
  // `\n`, so only the document's own layout can put one before the key.
  const empty = '\n  "interactions": []';
  const at = text.indexOf(empty);
  yield `${text.slice(0, at)}\n  "interactions": [`;
  for (const [index, interaction] of decision.interactions.entries()) {
    // Each entry as JSON.stringify lays it out two levels down: every line indented by four spaces.
    const entry = JSON.stringify(toInteraction(interaction), null, 2).replace(/\n/g, '\n    ');
    yield `${index === 0 ? '' : ','}\n    ${entry}`;
  }
  yield `\n  ]${text.slice(at + empty.length)}`;
}
