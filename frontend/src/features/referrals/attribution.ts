import type { LocationQuery } from 'vue-router';
import type { VisitSource } from './api';

/**
 * Where this visit came from: the first and the last personal share link followed (?ref=) and the
 * campaign tags (utm_*) of the last tagged link. Kept in this page's memory only: no cookie, no
 * storage, nothing on the device (no consent to ask for), gone when the tab is closed or reloaded.
 * The parameters leave the address bar at once, so a visitor who passes the page on shares it clean
 * (or with their own code, from the share button).
 */
const visit: { firstRef?: string; lastRef?: string; utmSource?: string; utmMedium?: string; utmCampaign?: string } = {};

export const ATTRIBUTION_PARAMS = ['ref', 'utm_source', 'utm_medium', 'utm_campaign'] as const;

function one(value: LocationQuery[string]): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
}

/**
 * What the server accepts for a tag (the same rule: no control or formatting character of any kind, no
 * markup, 100 UTF-16 units at most, cut between characters): a crafted link can never make the visitor's
 * sign-up fail on a field they do not see.
 */
export function cleanTag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = '';
  for (const ch of value.replace(/[\p{Cc}\p{Cf}\p{Cs}<>]/gu, '').trim()) {
    if (v.length + ch.length > 100) break;
    v += ch;
  }
  v = v.trim();
  return v || undefined;
}

/** A share code as the server hands them out; anything else in a link is dropped (never an error for the visitor). */
export function cleanRef(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase();
  return v && /^[a-z0-9]{8}$/.test(v) ? v : undefined;
}

/**
 * Notes the link's parameters; returns the query without them when there were any (for the router to
 * replace the address), or null.
 */
export function noteVisit(query: LocationQuery): LocationQuery | null {
  if (!ATTRIBUTION_PARAMS.some((p) => p in query)) return null;
  const ref = cleanRef(one(query.ref));
  if (ref) {
    visit.firstRef ??= ref;
    visit.lastRef = ref;
  }
  const tags = { utmSource: cleanTag(one(query.utm_source)), utmMedium: cleanTag(one(query.utm_medium)), utmCampaign: cleanTag(one(query.utm_campaign)) };
  if (tags.utmSource || tags.utmMedium || tags.utmCampaign) Object.assign(visit, tags);
  const rest = { ...query };
  for (const p of ATTRIBUTION_PARAMS) delete rest[p];
  return rest;
}

/** What a sign-up, a group join or an answer sends (undefined when the visit came from nowhere in particular). */
export function visitSource(): VisitSource | undefined {
  const s = Object.fromEntries(Object.entries(visit).filter(([, v]) => v)) as VisitSource;
  return Object.keys(s).length ? s : undefined;
}

/** For tests: forget the visit. */
export function forgetVisit(): void {
  for (const k of Object.keys(visit) as (keyof typeof visit)[]) delete visit[k];
}
