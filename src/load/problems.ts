import type { SourceLocation } from '../model/answers.js';
import { InputError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { formatYamlPath, locate } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** A problem together with the path it concerns, so later checks can skip paths already reported. */
export interface PathProblem {
  path: YamlPath;
  problem: Problem;
}

/**
 * Collects the problems of one or more files so that a user sees all of them at once.
 * A path reported once (by the schema, say) is not reported again by a later check.
 */
export class ProblemList {
  private readonly entries: { problem: Problem; key: string; order: number }[] = [];
  /** The keys of the entries, so that asking whether a path has a problem does not walk them all. */
  private readonly keys = new Set<string>();
  private readonly fileOrder = new Map<string, number>();

  /** Lists files in reading order, so problems come out file by file in that order. */
  orderFiles(files: readonly string[]): void {
    for (const file of files) if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Reports a problem at `path` in `source`, pointing at the key (default) or the value. */
  report(
    source: YamlSource,
    path: YamlPath,
    message: string,
    options: { hint?: string | undefined; value?: boolean; location?: SourceLocation } = {},
  ): void {
    const problem: Problem = {
      message,
      location: options.location ?? locate(source, path, { value: options.value ?? false }),
    };
    const text = formatYamlPath(path);
    if (text !== '') problem.path = text;
    if (options.hint !== undefined) problem.hint = options.hint;
    this.add(source.file, path, problem);
  }

  add(file: string, path: YamlPath, problem: Problem): void {
    const key = problemKey(file, path);
    this.entries.push({ problem, key, order: this.entries.length });
    this.keys.add(key);
  }

  addAll(file: string, problems: readonly PathProblem[]): void {
    for (const { path, problem } of problems) this.add(file, path, problem);
  }

  /** True when a problem was reported at `path` itself or, with `orParents`, at a path that contains it. */
  has(file: string, path: YamlPath, orParents = false): boolean {
    if (this.keys.has(problemKey(file, path))) return true;
    if (!orParents) return false;
    // The paths that contain this one are its shorter prefixes, down to the file itself.
    for (let length = path.length - 1; length >= 0; length -= 1) {
      if (this.keys.has(problemKey(file, path.slice(0, length)))) return true;
    }
    return false;
  }

  /** The problems in reading order: by file (first seen first), then line and column. */
  list(): Problem[] {
    const fileOrder = new Map(this.fileOrder);
    for (const { problem } of this.entries) {
      const file = problem.location?.file ?? '';
      if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
    }
    return [...this.entries]
      .sort((a, b) => {
        const la = a.problem.location;
        const lb = b.problem.location;
        return (
          (fileOrder.get(la?.file ?? '') ?? 0) - (fileOrder.get(lb?.file ?? '') ?? 0) ||
          (la?.line ?? 0) - (lb?.line ?? 0) ||
          (la?.column ?? 0) - (lb?.column ?? 0) ||
          a.order - b.order
        );
      })
      .map(({ problem }) => problem);
  }

  /** Throws one InputError with every problem, when there is any. */
  throwIfAny(summary: (count: number) => string): void {
    if (this.entries.length > 0) throw new InputError(summary(this.entries.length), this.list());
  }
}

/** "1 problem", "3 problems". */
export function countProblems(count: number): string {
  return `${count} ${count === 1 ? 'problem' : 'problems'}`;
}

function problemKey(file: string, path: YamlPath): string {
  return `${file}\u0000${formatYamlPath(path)}`;
}
