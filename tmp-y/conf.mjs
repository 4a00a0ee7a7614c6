import { decideInteraction } from '../dist/engine/decide-interaction.js';
import { loadPacks } from '../dist/load/pack.js';
const pack = await loadPacks([]);
const services = [{ name: 'a', kind: 'partner', reachable: 'yes' }, { name: 'b', kind: 'service' }];
const full = {"intent":"command","caller_needs":"acknowledgement","critical_decision":"no","freshness":"eventual","when_down":"defer","duration":"long","multiple_consumers":"no","realtime_updates":"no","ordering":"none","safe_to_repeat":"yes","load_profile":"spiky"};
const part = {"intent":"command","caller_needs":"acknowledgement","critical_decision":"no","when_down":"defer","realtime_updates":"no","ordering":"none","safe_to_repeat":"yes","load_profile":"spiky"};
for (const answers of [full, part]) {
  const d = decideInteraction({ id: 'x', from: 'a', to: 'b', summary: 's', answers, numbers: {}, location: { file: 'f', line: 1, column: 1 } }, pack, services);
  console.log(d.style, d.mechanism, d.confidence, d.support, d.checklist.map(i => i.id + (i.depends_on_unknown ? '?' : '')).join(','), d.open_questions.map(q => q.question));
}
