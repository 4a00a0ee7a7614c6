/**
 * decide(answers, pack): the whole decision. Pure: everything it reads is passed in, and the
 * same input always gives the same output.
 */
import type { AnswersFile, Style } from '../model/answers.js';
import type { Decision, DecisionSummary, Finding, InteractionDecision } from '../model/decision.js';
import type { Pack, Severity } from '../model/pack.js';
import { createDecisionContext, evaluateInteraction } from './decide-interaction.js';
import { sortFindings } from './findings.js';
import { analyseSystem } from './system.js';

export function decide(answers: AnswersFile, pack: Pack): Decision {
  const context = createDecisionContext(pack, answers.services);
  const interactions: InteractionDecision[] = [];
  const ruleFindings: Finding[] = [];
  for (const interaction of answers.interactions) {
    const { decision, findings } = evaluateInteraction(interaction, context);
    interactions.push(decision);
    ruleFindings.push(...findings);
  }
  const findings = sortFindings([...ruleFindings, ...analyseSystem(answers, interactions, pack)]);
  return { interactions, findings, summary: summarise(interactions, findings) };
}

export function summarise(interactions: readonly InteractionDecision[], findings: readonly Finding[]): DecisionSummary {
  const styles: Record<Style, number> = { sync: 0, async: 0, hybrid: 0 };
  for (const interaction of interactions) styles[interaction.style] += 1;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return { interactions: interactions.length, styles, findings: counts };
}
