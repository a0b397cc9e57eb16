import { currentLocale } from '@/app/i18n';

/** A problem+json answer from the API (RFC 9457), with per-field messages when the input was invalid. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: Record<string, string>,
  ) {
    super(detail || title);
  }
}

interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: { field?: string; message: string }[];
}

/**
 * The one HTTP wrapper of the app: same-origin cookies, the page's language, JSON in and out,
 * errors turned once into an ApiError whose message is already in the user's language.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLocale(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, networkMessage(), undefined, {});
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as Problem;
    const fieldErrors: Record<string, string> = {};
    for (const e of problem.errors ?? []) {
      if (e.field && !fieldErrors[e.field]) fieldErrors[e.field] = e.message;
    }
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail, fieldErrors);
  }
  return data as T;
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
