/**
 * The answers file being written by an interview, kept as a YAML document (the `yaml`
 * library's), so that a file a person has edited keeps its comments, quoting and layout where
 * nothing changed. Every answer goes into the document the moment it is given: saving a draft
 * after Ctrl-C is just writing the document out.
 *
 * Keys are kept in one order (the order of the answers file's documentation; answers in the
 * order of the rule packs' questions), whether the file is new or old, so that diffs stay
 * small and two interviews of the same system give the same file.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { AdrSettings, AdrStatus, NumberName, ObservedFlow, ObservedInteraction, Style } from '../model/answers.js';
import { normaliseAnswer } from '../load/answers.js';
import { ANSWERS_VERSION } from '../model/answers.js';

export const TOP_KEYS = [
  'version',
  'draft',
  'id',
  'title',
  'status',
  'date',
  'context',
  'decision_makers',
  'consulted',
  'informed',
  'adr',
  'services',
  'interactions',
  'flows',
  'platform_checklist',
  'require_checklist',
  'waivers',
] as const;
export const INTERACTION_KEYS = ['id', 'from', 'to', 'summary', 'answers', 'latency', 'availability', 'timeout_ms', 'retries', 'declared', 'checklist', 'observed'] as const;
/** The keys of `observed`, in the order they are written. */
const OBSERVED_KEYS = ['style', 'mechanism', 'destination', 'consumers', 'entry', 'calls', 'p50_ms', 'p99_ms', 'error_rate', 'retries', 'operations'] as const;
const LATENCY_KEYS = ['budget_ms', 'p99_ms'] as const;
const ADR_KEYS = ['dir', 'profile'] as const;
export const FLOW_KEYS = ['id', 'summary', 'budget_ms', 'availability_target', 'steps', 'observed'] as const;
export const SERVICE_KEYS = ['kind', 'reachable', 'boundary', 'summary'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

const TO_STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Where each optional number lives in an interaction. */
const NUMBER_PATHS: Record<NumberName, readonly string[]> = {
  latency_budget_ms: ['latency', 'budget_ms'],
  latency_p99_ms: ['latency', 'p99_ms'],
  availability: ['availability'],
  timeout_ms: ['timeout_ms'],
  retries: ['retries'],
};

/** An interaction as far as it has been answered. */
export interface InteractionDraft {
  id?: string;
  from?: string;
  to?: string;
  summary?: string;
  answers: Record<string, string>;
  numbers: Partial<Record<NumberName, number>>;
  declared?: Style;
  observed?: ObservedInteraction;
}

export interface FlowDraft {
  id: string;
  summary?: string;
  budget_ms?: number;
  availability_target?: number;
  steps: string[];
  observed?: ObservedFlow;
}

export class AnswersDocument {
  private constructor(
    private readonly doc: Document,
    /** Question ids in the order answers are written. */
    private readonly questionOrder: readonly string[],
  ) {}

  /** A new, empty answers file, with the schema modeline on its first line when there is one to point at. */
  static create(schemaReference: string | undefined, questionOrder: readonly string[]): AnswersDocument {
    const doc = new Document(new YAMLMap());
    if (schemaReference !== undefined) doc.commentBefore = ` yaml-language-server: $schema=${schemaReference}`;
    const document = new AnswersDocument(doc, questionOrder);
    document.setTop('version', ANSWERS_VERSION);
    return document;
  }

  /** An existing file's text (already validated by the caller). */
  static parse(text: string, questionOrder: readonly string[]): AnswersDocument {
    const doc = parseDocument(text) as unknown as Document;
    if (!isMap(doc.contents)) doc.contents = new YAMLMap();
    return new AnswersDocument(doc, questionOrder);
  }

  toString(): string {
    return this.doc.toString(TO_STRING_OPTIONS);
  }

  private get root(): YAMLMap {
    return this.doc.contents as YAMLMap;
  }

  // --- the decision as a whole ---

  get title(): string | undefined {
    return readString(this.root, 'title');
  }

  set title(value: string) {
    this.setTop('title', value);
  }

  get context(): string | undefined {
    return readString(this.root, 'context');
  }

  set context(value: string) {
    const text = value.endsWith('\n') ? value : `${value}\n`;
    const scalar = new Scalar(text);
    // Several lines read best as a literal block, as people write them by hand.
    if (text.trimEnd().includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
    else scalar.value = value.trim();
    this.setTop('context', scalar);
  }

  get status(): AdrStatus | undefined {
    return readString(this.root, 'status') as AdrStatus | undefined;
  }

  set status(value: AdrStatus) {
    this.setTop('status', value);
  }

  get hasDecisionMakers(): boolean {
    return this.root.has('decision_makers');
  }

  get decisionMakers(): string[] {
    return readStrings(this.root.get('decision_makers', true));
  }

  set decisionMakers(names: string[]) {
    if (names.length === 0) {
      this.root.delete('decision_makers');
      return;
    }
    const list = this.doc.createNode(names) as YAMLSeq;
    list.flow = true;
    this.setTop('decision_makers', list);
  }

  /**
   * Remembers where the ADR is kept and its format (the `adr` section), as decide, check and the
   * next interview read them; a value already there is changed in place, keeping its comments.
   */
  rememberAdr(settings: AdrSettings): void {
    const known: unknown = this.root.get('adr', true);
    const section = isMap(known) ? known : new YAMLMap();
    for (const key of ADR_KEYS) {
      const value = settings[key];
      if (value !== undefined) setOrdered(this.doc, section, key, value, ADR_KEYS);
    }
    if (section.items.length > 0 && section !== known) this.setTop('adr', section);
  }

  get isDraft(): boolean {
    const value = this.root.get('draft');
    return value === true;
  }

  set isDraft(draft: boolean) {
    if (draft) this.setTop('draft', true);
    else this.root.delete('draft');
  }

  // --- services ---

  /** The services section: each described service's attributes, as written. */
  services(): Map<string, Partial<Record<ServiceKey, string>>> {
    const found: unknown = this.root.get('services', true);
    const services = new Map<string, Partial<Record<ServiceKey, string>>>();
    if (!isMap(found)) return services;
    for (const pair of found.items) {
      const name = keyOf(pair);
      if (name === undefined) continue;
      const attributes: Partial<Record<ServiceKey, string>> = {};
      if (isMap(pair.value)) {
        for (const key of SERVICE_KEYS) {
          const value = pair.value.get(key);
          if (typeof value === 'boolean' || typeof value === 'string') attributes[key] = normaliseAnswer(value);
        }
      }
      services.set(name, attributes);
    }
    return services;
  }

  /** Sets one attribute of a service, adding the service (in a one-line map) if it is new. */
  setService(name: string, key: ServiceKey, value: string): void {
    let section: unknown = this.root.get('services', true);
    if (!isMap(section)) {
      section = new YAMLMap();
      this.setTop('services', section);
    }
    const map = section as YAMLMap;
    let entry: unknown = map.get(name, true);
    if (!isMap(entry)) {
      const created = new YAMLMap();
      created.flow = true;
      map.set(name, created);
      entry = created;
    }
    setOrdered(this.doc, entry as YAMLMap, key, value, SERVICE_KEYS);
  }

  // --- interactions ---

  private get interactionList(): YAMLSeq | undefined {
    const list: unknown = this.root.get('interactions', true);
    return isSeq(list) ? list : undefined;
  }

  get interactionCount(): number {
    return this.interactionList?.items.length ?? 0;
  }

  /** Every interaction as far as it is answered, in file order. */
  interactions(): InteractionDraft[] {
    return (this.interactionList?.items ?? []).map((item) => readInteraction(isMap(item) ? item : new YAMLMap()));
  }

  interaction(index: number): InteractionDraft {
    return readInteraction(this.interactionMap(index));
  }

  /** Appends an empty interaction and returns its index. */
  addInteraction(): number {
    let list = this.interactionList;
    if (list === undefined) {
      list = new YAMLSeq();
      this.setTop('interactions', list);
    }
    list.items.push(new YAMLMap());
    return list.items.length - 1;
  }

  removeInteraction(index: number): void {
    this.interactionList?.items.splice(index, 1);
  }

  setInteractionField(index: number, key: 'id' | 'from' | 'to' | 'summary', value: string): void {
    setOrdered(this.doc, this.interactionMap(index), key, value, INTERACTION_KEYS);
  }

  setAnswer(index: number, question: string, answer: string): void {
    const answers = this.interactionChild(index, 'answers');
    setOrdered(this.doc, answers, question, answer, this.questionOrder);
  }

  setNumber(index: number, name: NumberName, value: number | undefined): void {
    const map = this.interactionMap(index);
    const path = NUMBER_PATHS[name];
    if (path.length === 1) {
      if (value === undefined) map.delete(path[0]);
      else setOrdered(this.doc, map, path[0]!, value, INTERACTION_KEYS);
      return;
    }
    const found: unknown = map.get('latency', true);
    if (value === undefined) {
      if (isMap(found)) {
        found.delete(path[1]);
        if (found.items.length === 0) map.delete('latency');
      }
      return;
    }
    let latency: YAMLMap;
    if (isMap(found)) {
      latency = found;
    } else {
      latency = new YAMLMap();
      latency.flow = true;
      setOrdered(this.doc, map, 'latency', latency, INTERACTION_KEYS);
    }
    setOrdered(this.doc, latency, path[1]!, value, LATENCY_KEYS);
  }

  setDeclared(index: number, style: Style | undefined): void {
    const map = this.interactionMap(index);
    if (style === undefined) map.delete('declared');
    else setOrdered(this.doc, map, 'declared', style, INTERACTION_KEYS);
  }

  /** Replaces the interaction's `observed` section with what the traces show now. */
  setObserved(index: number, observed: ObservedInteraction): void {
    setOrdered(this.doc, this.interactionMap(index), 'observed', observedNode(this.doc, observed), INTERACTION_KEYS);
  }

  /**
   * Acknowledges a checklist item under the interaction's own `checklist`: done, or waived with
   * the reason (written as a quoted string inside an inline map).
   */
  acknowledge(index: number, itemId: string, waived?: string): void {
    const checklist = this.interactionChild(index, 'checklist');
    const value = waived === undefined ? 'done' : inlineMap(this.doc, { waived });
    setOrdered(this.doc, checklist, itemId, value, []);
  }

  /** Adds a `platform_checklist` entry that acknowledges an item for every interaction that needs it. */
  acknowledgeEverywhere(itemId: string, waived?: string): void {
    const found: unknown = this.root.get('platform_checklist', true);
    let list: YAMLSeq;
    if (isSeq(found)) {
      list = found;
    } else {
      list = new YAMLSeq();
      this.setTop('platform_checklist', list);
    }
    list.items.push(inlineMap(this.doc, waived === undefined ? { item: itemId, done: true } : { item: itemId, waived }));
  }

  /** The interaction's map under `key`, added in its place when the interaction has none yet. */
  private interactionChild(index: number, key: 'answers' | 'checklist'): YAMLMap {
    const map = this.interactionMap(index);
    const found: unknown = map.get(key, true);
    if (isMap(found)) return found;
    const child = new YAMLMap();
    setOrdered(this.doc, map, key, child, INTERACTION_KEYS);
    return child;
  }

  private interactionMap(index: number): YAMLMap {
    const item = this.interactionList?.items[index];
    if (!isMap(item)) throw new Error(`no interaction at index ${index}`);
    return item;
  }

  // --- flows ---

  flows(): FlowDraft[] {
    const list: unknown = this.root.get('flows', true);
    if (!isSeq(list)) return [];
    return list.items.filter(isMap).map((item) => {
      const flow: FlowDraft = { id: readString(item, 'id') ?? '', steps: readStrings(item.get('steps', true)) };
      const summary = readString(item, 'summary');
      if (summary !== undefined) flow.summary = summary;
      const budget = readNumber(item, 'budget_ms');
      if (budget !== undefined) flow.budget_ms = budget;
      const target = readNumber(item, 'availability_target');
      if (target !== undefined) flow.availability_target = target;
      const observed = item.get('observed', true);
      if (isMap(observed)) flow.observed = observed.toJSON() as ObservedFlow;
      return flow;
    });
  }

  addFlow(flow: FlowDraft): void {
    const found: unknown = this.root.get('flows', true);
    let list: YAMLSeq;
    if (isSeq(found)) {
      list = found;
    } else {
      list = new YAMLSeq();
      this.setTop('flows', list);
    }
    const map = new YAMLMap();
    for (const key of FLOW_KEYS) {
      const value = flow[key];
      if (value === undefined) continue;
      if (key === 'steps') {
        const steps = this.doc.createNode(value) as YAMLSeq;
        steps.flow = true;
        map.set(key, steps);
      } else if (key === 'observed') {
        map.set(key, observedNode(this.doc, value as ObservedFlow));
      } else {
        map.set(key, value);
      }
    }
    list.items.push(map);
  }

  /** Replaces a flow's `observed` section. */
  setFlowObserved(index: number, observed: ObservedFlow): void {
    const list: unknown = this.root.get('flows', true);
    const item = isSeq(list) ? list.items[index] : undefined;
    if (!isMap(item)) throw new Error(`no flow at index ${index}`);
    setOrdered(this.doc, item, 'observed', observedNode(this.doc, observed), FLOW_KEYS);
  }

  private setTop(key: (typeof TOP_KEYS)[number], value: unknown): void {
    setOrdered(this.doc, this.root, key, value, TOP_KEYS);
  }
}

/** An `observed` section, its keys in their order, on one line: it is measured, not written by people. */
function observedNode(doc: Document, observed: ObservedInteraction | ObservedFlow): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  const values = observed as Record<string, unknown>;
  for (const key of OBSERVED_KEYS) {
    const value = values[key];
    if (value === undefined) continue;
    const node = doc.createNode(value);
    if (Array.isArray(value)) (node as YAMLSeq).flow = true;
    map.set(key, node);
  }
  return map;
}

/** A map written on one line, its strings quoted as a reason may hold any character. */
function inlineMap(doc: Document, values: Record<string, string | boolean>): YAMLMap {
  const node = doc.createNode(values) as YAMLMap;
  node.flow = true;
  for (const pair of node.items) {
    if (isScalar(pair.value) && typeof pair.value.value === 'string' && keyOf(pair) !== 'item') pair.value.type = Scalar.QUOTE_DOUBLE;
  }
  return node;
}

/**
 * Sets `key` in `map`. An existing scalar is changed in place, so that a comment written next to
 * it stays; a new key goes before the first key that comes after it in `order` (keys the order
 * does not know keep their place, and new ones go at the end).
 */
function setOrdered(doc: Document, map: YAMLMap, key: string, value: unknown, order: readonly string[]): void {
  const existing = map.items.find((pair) => keyOf(pair) === key);
  if (existing !== undefined) {
    if (isScalar(existing.value) && !isNode(value)) {
      existing.value.value = value;
    } else {
      existing.value = isNode(value) ? value : doc.createNode(value);
    }
    return;
  }
  const rank = order.indexOf(key);
  const pair = doc.createPair(key, isNode(value) ? value : doc.createNode(value));
  const before =
    rank < 0
      ? -1
      : map.items.findIndex((item) => {
          const other = order.indexOf(keyOf(item) ?? '');
          return other > rank;
        });
  if (before < 0) map.items.push(pair);
  else map.items.splice(before, 0, pair);
}

function isNode(value: unknown): value is Node {
  return value instanceof Scalar || value instanceof YAMLMap || value instanceof YAMLSeq;
}

function keyOf(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function readString(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key);
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function readNumber(map: YAMLMap, key: string): number | undefined {
  const value = map.get(key);
  return typeof value === 'number' ? value : undefined;
}

function readStrings(node: unknown): string[] {
  if (!isSeq(node)) return [];
  return node.items.map((item) => (isScalar(item) ? String(item.value) : '')).filter((text) => text !== '');
}

function readInteraction(map: YAMLMap): InteractionDraft {
  const draft: InteractionDraft = { answers: {}, numbers: {} };
  for (const key of ['id', 'from', 'to', 'summary'] as const) {
    const value = readString(map, key);
    if (value !== undefined) draft[key] = value;
  }
  const answers = map.get('answers', true);
  if (isMap(answers)) {
    for (const pair of answers.items) {
      const key = keyOf(pair);
      if (key === undefined || !isScalar(pair.value)) continue;
      const value = pair.value.value;
      // yes/no questions also take true/false, as the answers file allows.
      draft.answers[key] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    }
  }
  for (const [name, path] of Object.entries(NUMBER_PATHS) as [NumberName, readonly string[]][]) {
    const value = map.getIn(path);
    if (typeof value === 'number') draft.numbers[name] = value;
  }
  const declared = readString(map, 'declared');
  if (declared === 'sync' || declared === 'async' || declared === 'hybrid') draft.declared = declared;
  const observed = map.get('observed', true);
  if (isMap(observed)) draft.observed = observed.toJSON() as ObservedInteraction;
  return draft;
}
