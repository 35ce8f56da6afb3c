/**
 * Whether this page runs inside a frame whose page is not Evident's own. The viewer must be
 * web-accessible (a link click to a PDF is redirected to it), so any site could frame it, dress it
 * up and invite clicks on its Clip button, or make Evident fetch a PDF of the site's choosing.
 * `frame-ancestors` cannot forbid that for the viewer alone: Chromium does honour it in the manifest's
 * `content_security_policy.extension_pages` (tried: "Framing … violates … frame-ancestors 'self'"),
 * but that is one policy for every extension page, and the toolbar page (toolbar.html) has to be
 * framed by every site Evident clips on; a `<meta>` CSP ignores the directive (CSP3). So the
 * viewer checks for itself: every window above it must be of its own origin. Reading a cross-origin
 * window's `location` throws, which is the answer. (`location.ancestorOrigins` would say the same,
 * but Firefox lacks it.)
 */
export function isFramedByAnotherSite(win: Window): boolean {
  for (let w: Window = win; w !== win.top; ) {
    w = w.parent;
    try {
      if (w.location.origin !== win.location.origin) return true;
    } catch {
      return true;
    }
  }
  return false;
}
