/**
 * `npm run new -- --progress`: the outline of the sessions since the last post, asked of the tracker through
 * one function (`OutlineSource`), so the command does not depend on how the report is made or reached.
 */
import { NewPostError } from '../../site/generator/new-post.ts';

/** What the outline is asked for with: the repository (whose `site/` has the posts and settings), and now. */
export interface OutlineRequest {
  cwd: string;
  now: Date;
}

/**
 * Gives the markdown outline of the sessions since the last post (resources, minutes, notes); throws with a
 * one-line reason when the tracker cannot answer. `npm run log -- --report --markdown` prints the same.
 */
export type OutlineSource = (request: OutlineRequest) => Promise<string>;

/** More than a year of daily notes; an answer past it is not an outline to rewrite. */
export const MAX_OUTLINE_BYTES = 256 * 1024;

const WITHOUT =
  'nothing was written: start the post without --progress, or try again once the tracker answers';

/**
 * The outline to put in the new post, checked and cleaned, or a `NewPostError` saying why there is none and
 * what to do: asked before the file is written, so a tracker that cannot answer leaves no half-made post.
 */
export async function outlineFor(
  source: OutlineSource | undefined,
  request: OutlineRequest,
): Promise<string> {
  if (source === undefined) {
    throw new NewPostError(
      `--progress needs the tracker's report (npm run log -- --report), which this version of Logbook does not have; ${WITHOUT}`,
    );
  }
  let text: unknown;
  try {
    text = await source(request);
  } catch (err) {
    const reason = oneLine(err instanceof Error ? err.message : String(err));
    throw new NewPostError(
      `--progress could not get the sessions since the last post: ${reason}; ${WITHOUT}`,
    );
  }
  if (typeof text !== 'string') {
    throw new NewPostError(`--progress got no outline from the tracker; ${WITHOUT}`);
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_OUTLINE_BYTES) {
    throw new NewPostError(
      `--progress got an outline of ${bytes} bytes, more than the ${MAX_OUTLINE_BYTES} a post starts with; ${WITHOUT}`,
    );
  }
  return cleanText(text);
}

// Control characters other than tab and newline have no place in a post (a terminal would run some of them),
// nor does a byte-order mark in its middle; a carriage return becomes a newline, as the build reads posts.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/g;

function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** A reason as one printable line of a sane length. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').replace(CONTROL, '').trim() || 'no reason given';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
