/**
 * The one Content-Security-Policy of the renderer, wherever it is served: the desktop app://
 * protocol and `iua serve` send it as a response header with the rest of SECURITY_HEADERS (a
 * header also covers responses that are not HTML and cannot be removed by a script), and
 * renderer/index.html's <meta> tag carries CONTENT_SECURITY_POLICY_META (test/integration/foundation/
 * csp.test.ts holds all three to this list). Scripts only from the app itself — no eval, no
 * inline script — and nothing loaded from the network.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // SLDS and React set inline styles; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** Browsers ignore frame-ancestors in a <meta> policy (and warn), so the tag leaves it out. */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors ')).join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
