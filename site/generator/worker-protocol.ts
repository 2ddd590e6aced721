import type { SiteSettings } from '../config/settings.ts';
import type { PageRecord } from './build-state.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { RenderedBody } from './markdown.ts';
import type { Post } from './post.ts';
import type { SiteContext } from './templates/layout.ts';
import type { PostPageInput } from './templates/post-page.ts';

// Messages between the build and its render workers.

/** The first message a worker gets: what it needs to read and render posts. */
export interface InitMessage {
  type: 'init';
  siteDir: string;
  settings: SiteSettings;
  /** A posts folder given with `--posts`, whose images/ a hero image is looked for in first. */
  postsDir?: string | undefined;
}

export interface LoadRequest {
  type: 'load';
  files: string[];
}

/** What the build needs of each file after reading it: its checked front matter, not its body. */
export interface LoadReply {
  type: 'loaded';
  results: { file: string; diagnostics: Diagnostic[]; post?: Post }[];
}

export interface RenderRequest {
  type: 'render';
  ctx: SiteContext;
  outDir: string;
  pages: PostPageInput[];
  /** Files whose body HTML the build needs back (the feeds' posts). */
  wantHtml: string[];
}

/** What lists, feeds and checks need of each rendered body. */
export interface RenderReply {
  type: 'rendered';
  written: number;
  bodies: Record<string, Omit<RenderedBody, 'html' | 'headings'> & { html?: string }>;
  /** What each page read, by the page's file. */
  records: Record<string, PageRecord>;
}
