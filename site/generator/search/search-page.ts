import type { Asset } from '../assets.ts';
import type { Outputs } from '../build-state.ts';
import { renderLayout, type SiteContext } from '../templates/layout.ts';

/** The search page's address. */
export const SEARCH_PATH = '/search/';

/**
 * `/search/`: a form and an empty list that the page script fills. Without scripts the form stays hidden and
 * the status says that search needs them, with links to the archive and the tags; the script replaces it.
 * The page is kept out of search engines and the sitemap: it has no content of its own.
 */
export function renderSearchPage(ctx: SiteContext, script: Asset): string {
  const main = `<h1>Search</h1>
<form id="search-form" class="search" role="search" action="${SEARCH_PATH}" method="get" hidden>
<label for="search-input">Words in a post's title, tags or text</label>
<input id="search-input" type="search" name="q" autocomplete="off" spellcheck="false" maxlength="200">
<button type="submit">Search</button>
</form>
<p id="search-status" class="search-status" role="status" aria-live="polite">Search needs JavaScript, which is off or blocked in this browser. Every post is listed in the <a href="/archive/">archive</a> and by <a href="/tags/">tag</a>.</p>
<ol id="search-results" class="search-results"></ol>`;
  return renderLayout(
    ctx,
    {
      title: 'Search',
      description: `Search the posts of ${ctx.settings.title}.`,
      path: SEARCH_PATH,
      head: `<script type="module" src="${script.url}"></script>\n`,
      noindex: true,
    },
    main,
  );
}

/** The search page and its script, as files of the site. */
export function searchPageFiles(ctx: SiteContext, script: Asset): Outputs {
  return new Map<string, string | Buffer>([
    ['search/index.html', renderSearchPage(ctx, script)],
    [script.url.slice(1), script.contents],
  ]);
}
