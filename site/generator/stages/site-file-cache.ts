import { isDeepStrictEqual } from 'node:util';
import { ReadCheck, ReadInterner, type SplitReads, trackReads } from '../page-reads.ts';
import type { SiteContext } from '../templates/layout.ts';

/** What a page other than a post's own is rendered from: the site context and the page's own data. */
export type FileInputs = { ctx: SiteContext } & object;

interface CachedFile {
  /** What it read of the context (shared with other files) and of its other inputs. */
  reads: SplitReads;
  /** The items it listed (views of posts), compared whole. */
  items: readonly object[];
  value: unknown;
}

const NO_ITEMS: readonly object[] = [];

/**
 * The last contents of each list page, feed and sitemap with what it was made from. A rebuild renders such a
 * file again only when one of its reads of the inputs would now read differently or one of the items it
 * lists differs, so an edit to one post's body leaves the lists it appears in alone unless they show what
 * changed (its summary, say); and an unchanged file is the same string as before, which the write stage
 * recognises without comparing its text.
 *
 * The inputs are read through a recording view (`page-reads.ts`). The items are not: a list shows thousands
 * of them, and they are small views of posts made for the purpose (`listed-post.ts`), so they are compared
 * whole, by identity first (a post's view is made once) and by value when the post was read again.
 */
export class SiteFileCache {
  private entries = new Map<string, CachedFile>();
  private interner = new ReadInterner();
  private check: ReadCheck | undefined;
  private seen = new Set<string>();

  /**
   * Starts a build over `ctx`. A full build forgets everything (the settings or the theme may have changed);
   * a rebuild keeps what still holds.
   */
  begin(ctx: SiteContext, full: boolean): void {
    if (full) {
      this.entries = new Map();
      this.interner = new ReadInterner();
    }
    this.check = new ReadCheck(ctx);
    this.seen = new Set();
  }

  /** The file at `key` rendered from `inputs` by `render`, or its last contents when its reads still hold. */
  render<I extends FileInputs, T>(key: string, inputs: I, render: (view: I) => T): T {
    return this.renderList(key, inputs, NO_ITEMS, render);
  }

  /** Like `render`, for a file that lists `items`, which `render` gets as they are. */
  renderList<I extends FileInputs, V extends object, T>(
    key: string,
    inputs: I,
    items: readonly V[],
    render: (view: I, items: readonly V[]) => T,
  ): T {
    this.seen.add(key);
    const known = this.entries.get(key);
    if (known && this.check?.holds(known.reads, inputs) && sameItems(known, items)) return known.value as T;
    const tracked = trackReads(inputs);
    const value = render(tracked.view, items);
    this.entries.set(key, { reads: this.interner.split(tracked.reads()), items, value });
    return value;
  }

  /** Forgets the files this build did not make (a tag no post has any more), so the cache does not grow. */
  end(): void {
    for (const key of this.entries.keys()) if (!this.seen.has(key)) this.entries.delete(key);
  }
}

/** True when `items` are the ones `known` listed; they become its items, so the next check is by identity. */
function sameItems(known: CachedFile, items: readonly object[]): boolean {
  const before = known.items;
  if (before.length !== items.length) return false;
  // A plain loop: the archive and the sitemap list every post.
  for (let i = 0; i < items.length; i++) {
    if (before[i] !== items[i] && !isDeepStrictEqual(before[i], items[i])) return false;
  }
  known.items = items;
  return true;
}
