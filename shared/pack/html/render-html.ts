import type { PackModel } from '../types';
import { PACK_CLIENT_SCRIPT, PACK_CLIENT_STYLE } from './client-script.generated';

/**
 * An evidence pack as one self-contained HTML file: a fixed page
 * shell, the model as JSON data, and the inline script (shared/pack/html/client/) that builds the
 * page from that data with DOM calls only. No text from the model is ever written as markup: the
 * shell is the same for every pack, and the data block is JSON with `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, so no string in it can end the block or start a tag. A CSP meta allows only the
 * pack's own script and stylesheet, by SHA-256 (computed here with Web Crypto, present in Node and
 * browsers alike), and nothing from the network.
 */
export async function renderPackHtml(model: PackModel): Promise<string> {
  const [scriptHash, styleHash] = await Promise.all([sha256Base64(PACK_CLIENT_SCRIPT), sha256Base64(PACK_CLIENT_STYLE)]);
  return (
    PAGE_START.replace('{{CSP}}', packCsp(scriptHash, styleHash)).replace('{{STYLE}}', () => PACK_CLIENT_STYLE) +
    jsonForScriptBlock(model) +
    PAGE_END.replace('{{SCRIPT}}', () => PACK_CLIENT_SCRIPT)
  );
}

/** The pack's Content-Security-Policy: its own script and style by hash; nothing else, from anywhere. */
export function packCsp(scriptHash: string, styleHash: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `style-src 'sha256-${styleHash}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe as the text of a `<script type="application/json">`: the escapes are JSON's own,
 * so JSON.parse gives back the same strings. (No `<` means no `</script>` and no `<!--`, which would
 * change how the HTML parser reads the block.)
 */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
}

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// The page shell. Nothing in it comes from the model; the script fills header, contents, main and footer.
const PAGE_START = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Evident">
<title>Evidence pack</title>
<style>{{STYLE}}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the evidence</a>
<header class="pack-header" id="pack-header"><div class="width"><p class="kicker">Evident evidence pack</p></div></header>
<nav class="pack-contents" id="pack-contents" aria-labelledby="toc-h"></nav>
<main id="main" tabindex="-1"><p class="loading">Opening the evidence pack…</p>
<noscript><p><strong>This evidence pack needs JavaScript to show its content.</strong> It runs only its own script, inside this file, and makes no network requests. Allow JavaScript for this file, or ask whoever sent it for the Word version.</p></noscript>
</main>
<footer class="pack-footer" id="pack-footer"></footer>
<script type="application/json" id="pack-data">`;

const PAGE_END = `</script>
<script>{{SCRIPT}}</script>
</body>
</html>
`;
