/**
 * The corpus of real systems: public reference applications whose interactions were read from
 * their code and answered for what the business needs (answers.yaml), beside what their
 * architects built, with the evidence (built.yaml). The tool's recommendation is compared with
 * what was built, system by system. Every disagreement is written down in built.yaml with why
 * (the tool wrong, or the architects' choice debatable): a new disagreement, or one that went
 * away, fails here until its explanation is updated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { decide } from '../src/engine/decide.js';
import { parseAnswers } from '../src/load/answers.js';
import { loadPacks } from '../src/load/pack.js';
import type { Decision, InteractionDecision } from '../src/model/decision.js';

const CORPUS = fileURLToPath(new URL('./fixtures/reference-systems/', import.meta.url));

interface Built {
  id: string;
  built: { style: string; mechanism: string };
  evidence: string[];
  note?: string;
  disagreement?: string;
}

interface System {
  name: string;
  repository: string;
  commit: string;
  built: Built[];
  decision: Decision;
  /** The same answers with the services section removed, as a file that never describes its parties. */
  undescribed: Decision;
}

const pack = await loadPacks([]);

const systems: System[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => {
    const file = `${CORPUS}${name}/answers.yaml`;
    const text = readFileSync(file, 'utf8');
    const answers = parseAnswers(text, file, pack);
    const withoutServices = parseDocument(text);
    withoutServices.delete('services');
    const undescribed = decide(parseAnswers(withoutServices.toString(), file, pack), pack);
    const built = load(readFileSync(`${CORPUS}${name}/built.yaml`, 'utf8')) as { repository: string; commit: string; interactions: Built[] };
    return { name, repository: built.repository, commit: built.commit, built: built.interactions, decision: decide(answers, pack), undescribed };
  });

function agrees(decided: InteractionDecision, built: Built): boolean {
  return decided.style === built.built.style && decided.mechanism === built.built.mechanism;
}

function tally(system: System, decision: Decision = system.decision): { agree: number; total: number; highDisagreements: number } {
  let agree = 0;
  let highDisagreements = 0;
  decision.interactions.forEach((decided, index) => {
    const built = system.built[index] as Built;
    if (agrees(decided, built)) agree += 1;
    else if (decided.confidence === 'high') highDisagreements += 1;
  });
  return { agree, total: decision.interactions.length, highDisagreements };
}

describe('the corpus of real systems', () => {
  it('has at least three systems of 15 interactions or more', () => {
    expect(systems.length).toBeGreaterThanOrEqual(3);
    for (const system of systems) expect(system.decision.interactions.length, system.name).toBeGreaterThanOrEqual(15);
  });

  it('does not use the systems kept aside to evaluate the product', () => {
    const repositories = systems.map((system) => system.repository.toLowerCase());
    expect(repositories.filter((repository) => repository.includes('eshop') || repository.includes('ftgo'))).toEqual([]);
  });

  describe.each(systems.map((system) => [`${system.name}: the tool agrees with the architects on ${tally(system).agree} of ${tally(system).total}`, system] as const))(
    '%s',
    (_, system) => {
      it('records, for every interaction in the same order, what was built and the evidence from the code', () => {
        expect(system.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(system.built.map((entry) => entry.id)).toEqual(system.decision.interactions.map((decided) => decided.id));
        for (const entry of system.built) {
          expect(entry.evidence.length, entry.id).toBeGreaterThan(0);
          // Each piece of evidence names the file it was read in.
          for (const line of entry.evidence) expect(line, entry.id).toMatch(/^[\w./ -]+\.[\w]+[^:]*:|^[\w./-]+\/:|^[\w./-]+:/);
        }
      });

      it('explains every disagreement, and only the disagreements', () => {
        const unexplained: string[] = [];
        const stale: string[] = [];
        system.decision.interactions.forEach((decided, index) => {
          const built = system.built[index] as Built;
          const explained = built.disagreement !== undefined;
          if (!agrees(decided, built) && !explained) {
            unexplained.push(`${decided.id}: tool ${decided.style} ${decided.mechanism}, built ${built.built.style} ${built.built.mechanism}`);
          }
          if (agrees(decided, built) && explained) stale.push(decided.id);
        });
        expect(unexplained).toEqual([]);
        expect(stale).toEqual([]);
      });

      it('never gives a main reason that argues for another style', () => {
        for (const decided of system.decision.interactions) {
          for (const id of decided.main_reasons) {
            const reason = decided.reasons.find((candidate) => candidate.rule === id);
            expect(reason?.stance, `${decided.id}: ${id}`).toBe('for');
          }
        }
      });

      it('raises no finding that contradicts the recommendation it sits beside', () => {
        const byId = new Map(system.decision.interactions.map((decided) => [decided.id, decided]));
        for (const finding of system.decision.findings) {
          const decided = finding.interaction === undefined ? undefined : byId.get(finding.interaction);
          if (decided === undefined) continue;
          // These warn against asynchronous shapes; beside an asynchronous recommendation they would contradict it.
          if (finding.rule === 'query-over-events' || finding.rule === 'stale-read-for-strong-decision') {
            expect(decided.style, `${finding.rule} on ${decided.id}`).not.toBe('async');
          }
          if (finding.rule === 'async-hides-latency') expect(decided.parts.sync, decided.id).not.toBeNull();
        }
      });
    },
  );

  it('agrees on at least 85% of the interactions across the corpus', () => {
    const totals = systems.map((system) => tally(system));
    const agree = totals.reduce((sum, entry) => sum + entry.agree, 0);
    const total = totals.reduce((sum, entry) => sum + entry.total, 0);
    expect(agree / total).toBeGreaterThanOrEqual(0.85);
  });

  // A file that never describes its parties (one upgraded from version 1, a first draft) takes
  // every party to be a backend service: most are, and the answers still decide.
  it('still agrees on at least 75% when no party is described, and is never sure of a new disagreement', () => {
    const totals = systems.map((system) => tally(system, system.undescribed));
    const agree = totals.reduce((sum, entry) => sum + entry.agree, 0);
    const total = totals.reduce((sum, entry) => sum + entry.total, 0);
    expect(agree / total).toBeGreaterThanOrEqual(0.75);
    const surelyWrong: string[] = [];
    for (const system of systems) {
      system.undescribed.interactions.forEach((decided, index) => {
        const built = system.built[index] as Built;
        if (!agrees(decided, built) && decided.confidence === 'high' && built.disagreement === undefined) surelyWrong.push(`${system.name}/${decided.id}`);
      });
    }
    expect(surelyWrong).toEqual([]);
  });

  it('names the assumed kind, and the kinds that would change it, where no party is described', () => {
    for (const system of systems) {
      for (const decided of system.undescribed.interactions) {
        const changedByKind = decided.open_questions.some((question) => (question.question === 'caller_kind' || question.question === 'callee_kind') && question.alternatives.length > 0);
        if (!changedByKind) continue;
        expect(decided.confidence, decided.id).not.toBe('high');
        expect(decided.reasons.find((reason) => reason.rule === 'possible-answers')?.text, decided.id).toMatch(/taken to be a backend service/);
      }
    }
  });
});
