/** Fills the `{{< progress id >}}` placeholders a rendered body carries with progress bars. */
import type { SiteProgress } from './types.ts';
import { renderEmbed } from './view.ts';

const PLACEHOLDER = /<!--progress:([^<>]*?)-->/g;
const UNESCAPE: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/**
 * The body HTML with each embed placeholder replaced by its resource's bar (or a "no data" bar). `embeds`
 * is how many the body has, as rendering counted them: with none, the HTML is not even searched.
 */
export function fillEmbeds(html: string, progress: SiteProgress | undefined, embeds: number): string {
  if (embeds === 0 || !html.includes('<!--progress:')) return html;
  let n = 0;
  return html.replace(PLACEHOLDER, (_, escaped: string) => {
    const id = escaped.replace(/&(amp|quot|#39);/g, (e) => UNESCAPE[e] ?? e);
    n += 1;
    return renderEmbed(id, progress?.data, progress?.plan ?? [], n);
  });
}
