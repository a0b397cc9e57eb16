import { ApiError } from '@/shared/http';

/** What to tell staff of a refused request: the field at fault first (the rule, the search), else the problem's message. */
export function refusal(e: unknown, unexpected: string): string {
  return e instanceof ApiError ? (e.fieldErrors.rule ?? e.fieldErrors.q ?? Object.values(e.fieldErrors)[0] ?? e.message) : unexpected;
}
