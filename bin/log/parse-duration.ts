/** Minutes in a duration the author types: `90`, `45m`, `2h`, `1h30m`, `1h30`, `1.5h`; undefined if not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  let minutes: number | undefined;
  let m = /^(\d+)\s*(?:m|min|mins|minutes?)?$/.exec(t);
  if (m) minutes = Number(m[1]);
  m = /^(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?(?:\s*(\d+)\s*(?:m|min|mins|minutes?)?)?$/.exec(t);
  if (m) minutes = Math.round(Number(m[1]) * 60) + Number(m[2] ?? 0);
  return minutes !== undefined && minutes > 0 ? minutes : undefined;
}

/** `90` minutes as `1h30m`, `45` as `45m`. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}m`;
}
