/**
 * @module
 * Canonical JSON (keys sorted) for comparing entities structurally. Never exported.
 */

/** JSON text of `value` with object keys sorted, `undefined` members dropped. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** Adds a duration to a plain ISO date (`YYYY-MM-DD`), Temporal-style: years and months first,
 * clamped to the month's last day, then weeks and days; hours, minutes and seconds round up to
 * whole days (a notice period is counted in days). Plain dates carry no time zone, so UTC day
 * arithmetic is exact here. */
export function addToDate(
  date: string,
  parts: {
    years: number;
    months: number;
    weeks: number;
    days: number;
    hours: number;
    minutes: number;
    seconds: number;
  },
): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + parts.years * 12 + parts.months;
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths % 12;
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const extraDays =
    parts.weeks * 7 + parts.days + Math.ceil((parts.hours * 3600 + parts.minutes * 60 + parts.seconds) / 86400);
  const t = Date.UTC(ny, nm, Math.min(d, lastDay)) + extraDays * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
