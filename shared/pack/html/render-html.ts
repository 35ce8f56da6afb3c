import type { PackModel } from '../types';

// PLACEHOLDER until the HTML renderer lands: the same signature, a minimal safe page.
export async function renderPackHtml(model: PackModel): Promise<string> {
  const json = JSON.stringify(model).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const title = model.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1></main><script type="application/json" id="pack-data">${json}</script></body></html>`;
}
