import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What the CLI remembers between runs, in the user's config folder: `$XDG_CONFIG_HOME/logbook/cli-state.json`,
 * else `~/.config/logbook/cli-state.json`. Only the deployed APIs it has told that notes are public.
 */
export function cliStatePath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'logbook', 'cli-state.json');
}

interface CliState {
  /** The API URLs the author was told about public notes for. */
  toldPublicNotes: string[];
}

function readState(path: string): CliState {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<CliState>;
    const told = Array.isArray(data.toldPublicNotes) ? data.toldPublicNotes : [];
    return { toldPublicNotes: told.filter((u): u is string => typeof u === 'string') };
  } catch {
    // Missing or unreadable: the worst outcome is saying the notice once more.
    return { toldPublicNotes: [] };
  }
}

export const PUBLIC_NOTES_NOTICE = (apiUrl: string, statePath: string) =>
  `note: notes and tags you log to ${apiUrl} are public (anyone can read them at <site>/api/sessions) unless you add --private; ` +
  `the day, resource and minutes are always public. Said once per API; remembered in ${statePath}`;

/**
 * Says once per deployed API that notes are public unless `--private`, and remembers it. The state file is
 * replaced by a rename, so a link put where it lives is replaced, never written through.
 */
export function tellOnceAboutPublicNotes(
  apiUrl: string,
  env: Record<string, string | undefined>,
  say: (line: string) => void,
): void {
  const path = cliStatePath(env);
  const state = readState(path);
  if (state.toldPublicNotes.includes(apiUrl)) return;
  say(PUBLIC_NOTES_NOTICE(apiUrl, path));
  const next: CliState = { toldPublicNotes: [...state.toldPublicNotes, apiUrl] };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (err) {
    say(`note: could not remember that in ${path} (${(err as Error).message}); it will be said again`);
  }
}
