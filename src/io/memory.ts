/**
 * A full garbage collection, asked for at the few moments when a command has just dropped a
 * large amount of memory and is about to allocate much more. V8 collects its old generation
 * only when that generation reaches a limit it sets for itself; parsing a large answers file
 * leaves tens of megabytes of parser events there, which would stay until the decisions grow
 * the heap further, so the peak would hold both. Collecting once in between keeps the peak to
 * what is actually in use.
 *
 * Node exposes `gc` only to a process started with --expose-gc; the flag set at run time makes
 * it available to contexts created afterwards, so one is created for it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
