import { Interview } from '../dist/interview/flow.js';
import { AnswersDocument } from '../dist/interview/answers-document.js';
import { loadPacks } from '../dist/load/pack.js';
const pack = await loadPacks([]);
const cases = JSON.parse(process.argv[2]);
for (const c of cases) {
  const doc = AnswersDocument.create(undefined, pack.questions.map(q => q.id));
  const asked = [];
  let added = false;
  const prompter = {
    async text(p) { if (p.id==='title') return 'T'; if (p.id==='context') return 'C'; if (p.id==='from') return 'a'; if (p.id==='to') return 'b'; if (p.id==='summary') return 'do it'; if (p.id==='interaction-id') return 'x'; return ''; },
    async select(p) {
      if (p.id.startsWith('service:')) { const [, name, what] = p.id.split(':'); return what==='kind' ? (name==='a'? c.from : c.to) : (c.reachable ?? 'no'); }
      if (p.id.startsWith('answer:')) { const q = p.id.slice(7); asked.push(q + '=' + (c.answers[q] ?? 'unknown')); return c.answers[q] ?? 'unknown'; }
      if (p.id.startsWith('review:')) return 'accept';
      if (p.id === 'next') { throw new Error('done'); }
      throw new Error('unexpected ' + p.id);
    },
    async number() { return undefined; },
    async confirm(p) { return false; },
  };
  const output = { heading(){}, line(){}, recommendation(r){ asked.push(`=> ${r.style} ${r.mechanism} ${r.confidence}`); }, reason(){}, finding(){}, block(){} };
  const iv = new Interview({ document: doc, pack, prompter, output, file: 'a.yaml' });
  const t0 = Date.now();
  try { await iv.run(); } catch (e) { if (e.message !== 'done') throw e; }
  console.log(c.name, `(${Date.now()-t0} ms)`, '\n  ' + asked.join('\n  '));
}
