import { isDeepStrictEqual } from 'node:util';

/**
 * One thing a page read of its inputs while it was rendered: a value (`get`), whether a key exists (`has`)
 * or which keys an object has (`keys`), at a path of property names from the inputs. Plain data, so the
 * render workers can send it back.
 */
export type Read = [kind: 'get' | 'has' | 'keys', path: string[], value: unknown];

/**
 * A view of `inputs` that records every value read through it. A rebuild keeps a page's reads and renders
 * the page again only when one of them would now read differently (`readsStillHold`), so what a page
 * depends on is what its template actually reads: a template that starts to show a field depends on it
 * from its next build on, without a list of keys to keep up to date.
 */
export function trackReads<T extends object>(inputs: T): { view: T; reads: () => Read[] } {
  const reads = new Map<string, Read>();
  const record = (kind: Read[0], path: string[], value: unknown) => {
    const key = `${kind}\u0000${path.join('\u0000')}`;
    if (!reads.has(key)) reads.set(key, [kind, path, value]);
  };
  const wrap = <O extends object>(target: O, path: string[]): O =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        // Methods and symbols (iteration) are code, not data.
        if (typeof key === 'symbol' || typeof value === 'function') return value;
        const at = [...path, key];
        if (isPlainObject(value) && !isFrozenProperty(object, key)) return wrap(value, at);
        record('get', at, comparable(value));
        return value;
      },
      has(object, key) {
        const found = Reflect.has(object, key);
        if (typeof key === 'string') record('has', [...path, key], found);
        return found;
      },
      ownKeys(object) {
        const keys = Reflect.ownKeys(object);
        record('keys', path, keysOf(object));
        return keys;
      },
    });
  return { view: wrap(inputs, []), reads: () => [...reads.values()] };
}

/** True when every read of `reads` gives the same answer from `inputs` as it did when it was recorded. */
export function readsStillHold(reads: readonly Read[], inputs: object): boolean {
  // A rebuild checks every page of the site: this loop is kept plain.
  for (let r = 0; r < reads.length; r++) {
    const read = reads[r] as Read;
    const kind = read[0];
    const path = read[1];
    const parentLength = kind === 'keys' ? path.length : path.length - 1;
    let at: unknown = inputs;
    for (let i = 0; i < parentLength && at != null; i++)
      at = (at as Record<string, unknown>)[path[i] as string];
    const object = at != null && typeof at === 'object' ? at : undefined;
    let now: unknown;
    if (kind === 'get') {
      now =
        object === undefined ? undefined : (object as Record<string, unknown>)[path[parentLength] as string];
      if (now !== null && typeof now === 'object') now = comparable(now);
    } else if (kind === 'has') now = object !== undefined && (path[parentLength] as string) in object;
    else now = object === undefined ? undefined : keysOf(object);
    if (now !== read[2] && !Object.is(now, read[2]) && !isDeepStrictEqual(now, read[2])) return false;
  }
  return true;
}

/** The string keys of an object, as one comparable value. */
function keysOf(object: object): string {
  return Reflect.ownKeys(object)
    .filter((k) => typeof k === 'string')
    .join('\u0000');
}

/** Objects and arrays of plain data, which are read through as well; a Date, a Buffer are values. */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/** A Date is recorded as its instant, so that the record stays plain data that compares by value. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (isPlainObject(value)) return JSON.stringify(value);
  return value;
}

/** A proxy must give back a frozen property's own value, so such an object is read as a whole. */
function isFrozenProperty(object: object, key: string): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && !descriptor.configurable && !descriptor.writable;
}

/**
 * A page's reads, split into those of the site context, which most pages share, and its own. The shared part
 * is interned (`ReadInterner`): pages that read the same things of the context hold the same array, so a
 * rebuild checks each distinct array once (`ReadCheck`) instead of once for each of thousands of pages.
 */
export interface SplitReads {
  shared: readonly Read[];
  own: readonly Read[];
}

/** The root property of the inputs that every page of a build shares. */
const SHARED_ROOT = 'ctx';

export class ReadInterner {
  private readonly lists = new Map<string, readonly Read[]>();

  split(reads: readonly Read[]): SplitReads {
    const shared: Read[] = [];
    const own: Read[] = [];
    for (const read of reads) (read[1][0] === SHARED_ROOT ? shared : own).push(read);
    const key = JSON.stringify(shared);
    const known = this.lists.get(key);
    if (known) return { shared: known, own };
    this.lists.set(key, shared);
    return { shared, own };
  }
}

/** Checks split reads against one build's inputs, deciding each shared array once. */
export class ReadCheck {
  private readonly verdicts = new Map<readonly Read[], boolean>();
  private readonly shared: object;

  constructor(sharedInputs: object) {
    this.shared = { [SHARED_ROOT]: sharedInputs };
  }

  /** True when the reads of the shared inputs and of the page's own `inputs` hold. */
  holds(reads: SplitReads, inputs: object): boolean {
    return this.sharedHolds(reads) && readsStillHold(reads.own, inputs);
  }

  /** True when the reads of the shared inputs hold (the page's own are known to). */
  sharedHolds(reads: SplitReads): boolean {
    let verdict = this.verdicts.get(reads.shared);
    if (verdict === undefined) {
      verdict = readsStillHold(reads.shared, this.shared);
      this.verdicts.set(reads.shared, verdict);
    }
    return verdict;
  }
}
