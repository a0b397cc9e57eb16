/**
 * Reads the single-use token that emailed links carry in the URL fragment (`#token=…`), then
 * removes it from the address bar. A fragment is never sent to the server, so the token stays
 * out of access logs, proxies and Referer headers.
 */
export function takeHashToken(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}
