/**
 * The script of `/search/`: asks Pagefind's browser API (loaded from `/pagefind/pagefind.js`, written by the
 * build) and shows each result as title, date and excerpt. Results are built as DOM nodes: the excerpt's
 * `<mark>` is the only markup kept, everything else of it is text, so a post's text can never become markup.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}

interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(query: string): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] } | null>;
}

/** Results shown per query: the first fragments are all a first query downloads. */
const SHOWN = 10;
const API = '/pagefind/pagefind.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The excerpt as text nodes and `<mark>`s: parsed inertly (no script runs in a parsed document). */
export function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html');
  const nodes: Node[] = [];
  for (const child of Array.from(parsed.body.firstChild?.childNodes ?? [])) {
    if (child.nodeName === 'MARK') nodes.push(el('mark', child.textContent ?? ''));
    else nodes.push(document.createTextNode(child.textContent ?? ''));
  }
  return nodes;
}

/** A same-site path for a result, or undefined: a result never links off the site. */
function sitePath(url: string): string | undefined {
  const resolved = new URL(url, location.origin);
  return resolved.origin === location.origin ? resolved.pathname : undefined;
}

function formatDate(day: string | undefined): { day: string; label: string } | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const lang = document.documentElement.lang || undefined;
  const format = new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return { day, label: format.format(new Date(`${day}T00:00:00Z`)) };
}

function resultItem(data: PagefindResultData): HTMLLIElement | undefined {
  const path = sitePath(data.url);
  if (!path) return undefined;
  const item = el('li');
  const heading = el('h2');
  const link = el('a', data.meta.title ?? path);
  link.href = path;
  heading.append(link);
  item.append(heading);
  const date = formatDate(data.meta.date);
  if (date) {
    const meta = el('p');
    meta.className = 'meta';
    const time = el('time', date.label);
    time.dateTime = date.day;
    meta.append(time);
    item.append(meta);
  }
  const excerpt = el('p');
  excerpt.className = 'excerpt';
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(excerpt);
  return item;
}

function start(form: HTMLFormElement, input: HTMLInputElement, status: HTMLElement, list: HTMLElement) {
  let api: Promise<Pagefind> | undefined;
  let latest = 0;
  const load = () => {
    api ??= (import(/* @vite-ignore */ new URL(API, location.origin).href) as Promise<Pagefind>).then(
      async (pagefind) => {
        await pagefind.options({ baseUrl: '/', excerptLength: 24 });
        return pagefind;
      },
    );
    return api;
  };

  async function run(query: string): Promise<void> {
    const mine = ++latest;
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const found = await (await load()).search(query);
      const results = found?.results ?? [];
      const data = await Promise.all(results.slice(0, SHOWN).map((r) => r.data()));
      // A slower, older query must not overwrite the answer to a newer one.
      if (mine !== latest) return;
      const items = data.map(resultItem).filter((i): i is HTMLLIElement => i !== undefined);
      list.replaceChildren(...items);
      const count = results.length;
      status.textContent =
        count === 0
          ? `No posts match “${query}”.`
          : `${count} ${count === 1 ? 'post matches' : 'posts match'} “${query}”${count > SHOWN ? `; the first ${SHOWN} are shown` : ''}.`;
    } catch (err) {
      if (mine !== latest) return;
      // Kept on the list for a reader's tools (and the tests) to read; the status says it in words.
      list.dataset.error = err instanceof Error ? err.message : String(err);
      list.replaceChildren();
      status.textContent = 'Search could not load its index. Try again, or browse the archive or the tags.';
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(input.value.trim()), 200);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run(input.value.trim());
  });
  input.addEventListener('focus', () => void load().catch(() => undefined), { once: true });
  status.textContent = '';
  form.hidden = false;
  const initial = new URL(location.href).searchParams.get('q')?.trim() ?? '';
  if (initial) {
    input.value = initial;
    void run(initial);
  }
}

const form = document.getElementById('search-form');
const input = document.getElementById('search-input');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
if (
  form instanceof HTMLFormElement &&
  input instanceof HTMLInputElement &&
  status instanceof HTMLElement &&
  list instanceof HTMLElement
) {
  start(form, input, status, list);
}
