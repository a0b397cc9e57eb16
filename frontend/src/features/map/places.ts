import type { Ref } from 'vue';
import { api } from '@/shared/http';
import type { Schemas } from '@/shared/schema';

/** A commune the server found by name or postal code (GET /api/geo/places). */
export type FoundPlace = Schemas['GeoController.PlaceView'];

export const LAT_LNG = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

export function findPlaces(q: string): Promise<FoundPlace[]> {
  return api<FoundPlace[]>('GET', `/api/geo/places?q=${encodeURIComponent(q.trim())}`);
}

/**
 * Before a search: text typed but not chosen from the suggestions ("marseille", "42000") becomes
 * its best match (near = "lat,lng", place = its name). False when no commune matches, so the page
 * says so instead of showing the previous place's results. A failed lookup leaves the text to the server.
 * {@code stillWanted}: false once the page has moved on to another place (nothing is written then).
 */
export async function settlePlace(near: Ref<string>, place: Ref<string>, stillWanted: () => boolean = () => true): Promise<boolean> {
  const typed = near.value.trim();
  if (!typed || place.value || LAT_LNG.test(typed)) return true;
  let found: FoundPlace[];
  try {
    found = await findPlaces(typed);
  } catch {
    return true;
  }
  // another place was chosen while this one was looked up: leave the fields to it
  if (!stillWanted()) return true;
  if (!found.length) return false;
  near.value = `${found[0].lat},${found[0].lng}`;
  place.value = found[0].name;
  return true;
}
