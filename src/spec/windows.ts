/**
 * Snapshot and maintenance windows.
 *
 * Formats from the ElastiCache API reference
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html,
 * `SnapshotWindow`, `PreferredMaintenanceWindow`):
 * snapshot `hh24:mi-hh24:mi` (UTC), maintenance `ddd:hh24:mi-ddd:hh24:mi` with ddd in sun..sat;
 * both at least 60 minutes ("Snapshot window must be at least 60 minutes.", terraform-provider-aws#2153);
 * they must not overlap ("The snapshot window and maintenance window must not overlap.", terraform#17247).
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export const SNAPSHOT_WINDOW_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
export const MAINTENANCE_WINDOW_PATTERN = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;

/** A window as [start, end) minute offsets; end may exceed the period when it wraps. */
export interface Window { readonly start: number; readonly end: number; readonly period: number }

export function parseSnapshotWindow(value: string): Window | undefined {
  const m = SNAPSHOT_WINDOW_PATTERN.exec(value);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += MINUTES_PER_DAY;
  return { start, end, period: MINUTES_PER_DAY };
}

export function parseMaintenanceWindow(value: string): Window | undefined {
  const m = MAINTENANCE_WINDOW_PATTERN.exec(value.toLowerCase());
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * MINUTES_PER_DAY + Number(m[2]) * 60 + Number(m[3]);
  let end = DAYS.indexOf(m[4]) * MINUTES_PER_DAY + Number(m[5]) * 60 + Number(m[6]);
  if (end <= start) end += MINUTES_PER_WEEK;
  return { start, end, period: MINUTES_PER_WEEK };
}

export function windowMinutes(window: Window): number {
  return window.end - window.start;
}

/** True when a daily snapshot window intersects a weekly maintenance window on any day. */
export function windowsOverlap(snapshot: Window, maintenance: Window): boolean {
  for (let day = -1; day <= 7; day++) {
    const start = snapshot.start + day * MINUTES_PER_DAY;
    const end = snapshot.end + day * MINUTES_PER_DAY;
    for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
      if (start < maintenance.end + shift && maintenance.start + shift < end) return true;
    }
  }
  return false;
}

const MIN_WINDOW_MINUTES = 60;

/** The maintenance-window rule (format, at least 60 minutes): a problem message naming `name`, or undefined. */
export function maintenanceWindowProblem(name: string, value: string): string | undefined {
  const parsed = parseMaintenanceWindow(value);
  if (!parsed) {
    return `${name} must be 'ddd:hh24:mi-ddd:hh24:mi' in UTC with ddd one of ${DAYS.join(', ')} (e.g. 'sun:23:00-mon:01:30'), got '${value}'`;
  }
  return windowMinutes(parsed) < MIN_WINDOW_MINUTES ? `${name} must be at least ${MIN_WINDOW_MINUTES} minutes, got ${windowMinutes(parsed)} minutes ('${value}')` : undefined;
}

/** The snapshot-window rule (format, at least 60 minutes): a problem message naming `name`, or undefined. */
export function snapshotWindowProblem(name: string, value: string): string | undefined {
  const parsed = parseSnapshotWindow(value);
  if (!parsed) return `${name} must be 'hh24:mi-hh24:mi' in UTC (e.g. '05:00-06:00'), got '${value}'`;
  return windowMinutes(parsed) < MIN_WINDOW_MINUTES ? `${name} must be at least ${MIN_WINDOW_MINUTES} minutes, got ${windowMinutes(parsed)} minutes ('${value}')` : undefined;
}

/** Snapshot and maintenance windows must not overlap: a problem message, or undefined (also when either is malformed). */
export function windowOverlapProblem(snapshot: string, maintenance: string, names = ['snapshotWindow', 'maintenanceWindow']): string | undefined {
  const s = parseSnapshotWindow(snapshot);
  const w = parseMaintenanceWindow(maintenance);
  return s && w && windowsOverlap(s, w) ? `${names[0]} '${snapshot}' and ${names[1]} '${maintenance}' must not overlap` : undefined;
}
