import type { Session } from '../tracker/types.ts';

const COLUMNS = [
  'id',
  'date',
  'resource',
  'minutes',
  'units',
  'loggedAt',
  'note',
  'tags',
  'private',
] as const;

// RFC 4180: quote fields holding a comma, quote or line break, doubling inner quotes. A leading = + - @
// is prefixed with ' so a spreadsheet shows notes as text instead of running them as formulas.
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Sessions as CSV, one row each, tags joined with `;`. */
export function sessionsToCsv(sessions: readonly Session[]): string {
  const rows = sessions.map((s) =>
    [
      s.id,
      s.date,
      s.resource,
      String(s.minutes),
      s.units === undefined ? '' : String(s.units),
      s.loggedAt,
      s.note ?? '',
      (s.tags ?? []).join(';'),
      s.private ? 'true' : '',
    ]
      .map(cell)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
