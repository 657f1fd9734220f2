// The one Content-Security-Policy of the desktop app. The same string goes into the response header the
// shell adds (main.ts) and the <meta> of the built renderer page, which is what a file:// page is
// guaranteed to honour; tests/electron/csp.test.ts checks that the built page carries exactly this.
// No inline or remote scripts, no remote connections (the renderer reaches the backend only over IPC),
// no plugins, no <base> rewriting. Inline styles stay allowed: React's style props and Plot's SVG use them.
// 'unsafe-eval' is there for the map only: regl (under regl-scatterplot, the WebGL point cloud) compiles each draw
// command with Function(); there is no build of it without. Scripts still come only from the app itself.
// frame-ancestors is left out on purpose: a <meta> policy ignores it, and the two copies must be equal.
export const CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/** Response headers with the policy set, replacing any Content-Security-Policy already there (any case). */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  out['Content-Security-Policy'] = [CSP];
  return out;
}
