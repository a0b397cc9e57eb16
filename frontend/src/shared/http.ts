import { currentLocale } from '@/app/i18n';
import type { Schemas } from './schema';

/** A problem+json answer from the API (RFC 9457), with per-field messages when the input was invalid. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: Record<string, string>,
    /** The problem's kind: the end of its type URI ("second-factor-needed"), or "". */
    readonly kind: string = '',
  ) {
    super(detail || title);
  }
}

/** What an error answer may hold: the API's Problem, but read defensively (a proxy may answer too). */
type Problem = Partial<Schemas['Problem']>;

/** Dispatched on window when the API says the session must prove more before going on. */
export const ACCESS_EVENT = 'cortege:access';
const ACCESS_KINDS = ['second-factor-needed', 'second-factor-enrolment', 'session-idle'];

/**
 * The one HTTP wrapper of the app: same-origin cookies, the page's language, JSON in and out,
 * errors turned once into an ApiError whose message is already in the user's language.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (method === 'GET' && body === undefined) {
    const given = takeGiven(path);
    if (given !== undefined) return given as T;
  }
  const response = await send(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? safeJson(text) : undefined) as T;
}

/**
 * The API's answers the server wrote into a public page (web/SpaFallbackFilter: a JSON data block,
 * the anonymous visitor's view, in the page's language): the page's first GET of each is answered
 * from it, once (then the block is forgotten), so the page shows without waiting for the network
 * again. Later calls ask the API.
 */
let given: Record<string, unknown> | null = null;

function takeGiven(path: string): unknown {
  if (given === null) {
    given = {};
    const element = typeof document === 'undefined' ? null : document.getElementById('cortege-data');
    try {
      const data = element?.textContent ? (JSON.parse(element.textContent) as { locale?: string; responses?: Record<string, unknown> }) : null;
      if (data?.responses && data.locale === currentLocale()) given = data.responses;
    } catch {
      // a page without usable data: the API answers
    }
    element?.remove();
  }
  if (!Object.prototype.hasOwnProperty.call(given, path)) return undefined;
  const answer = given[path];
  // once the page has its data, the rest goes: a later visit (signed in meanwhile) asks the API
  given = {};
  return answer;
}

/** Raw bytes (a piece of an uploaded file); answers like {@link api}. */
export async function apiBytes<T>(method: string, path: string, bytes: ArrayBuffer | Blob): Promise<T> {
  const response = await send(method, path, bytes, 'application/octet-stream');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? safeJson(text) : undefined) as T;
}

/** A file the server writes on demand (an export): its bytes and the name it suggests. */
export async function apiDownload(path: string, body: unknown): Promise<{ blob: Blob; fileName: string }> {
  const response = await send('POST', path, JSON.stringify(body), 'application/json', 'text/csv, application/problem+json');
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await response.blob(), fileName: match ? match[1] : 'export.csv' };
}

/** Sends a request and turns a refusal into an ApiError; the response is returned only when it succeeded. */
async function send(method: string, path: string, body: BodyInit | undefined, contentType: string, accept?: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: accept ?? 'application/json, application/problem+json',
    'Accept-Language': currentLocale(),
    // Staff routes require it from browsers that send no Fetch Metadata: no other site can add it.
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (body !== undefined) headers['Content-Type'] = contentType;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, networkMessage(), undefined, {});
  }
  if (!response.ok) {
    const text = await response.text();
    const problem = ((text ? safeJson(text) : undefined) ?? {}) as Problem;
    const fieldErrors: Record<string, string> = {};
    for (const e of problem.errors ?? []) {
      if (e.field && !fieldErrors[e.field]) fieldErrors[e.field] = e.message;
    }
    const kind = problem.type?.startsWith('urn:cortege:problem:') ? problem.type.substring('urn:cortege:problem:'.length) : '';
    if (ACCESS_KINDS.includes(kind)) {
      // The app's shell takes the person where they can go on (the code page, their security settings, sign-in).
      window.dispatchEvent(new CustomEvent<string>(ACCESS_EVENT, { detail: kind }));
    }
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail, fieldErrors, kind);
  }
  return response;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkMessage(): string {
  return currentLocale() === 'en'
    ? 'The server cannot be reached. Check your connection and try again.'
    : 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.';
}
