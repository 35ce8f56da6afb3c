import type { PackModel } from '../../types';
import { createContextView } from './context-view';
import { el, textEl } from './dom';
import { fillContents, fillFooter, fillHeader } from './render-frame';
import { renderRecommendation, renderUnlinked } from './render-plan';
import { renderSources } from './render-sources';
import { renderSummary } from './render-summary';
import { renderTools } from './tools';
import { packContextOf, type PackContext, type PlanView } from './view';

/**
 * The evidence pack's script: reads the model from the page's JSON data block and builds the page from
 * it with DOM calls only (never markup), then wires search, filters and "show in source". Marks
 * `body[data-ready="true"]` (and the performance mark "pack-ready") when the pack can be used.
 */
function start(): void {
  // Marks for the benchmark's breakdown (tests/bench/pack-html.bench.ts): data read, page built.
  performance.mark('pack-script-start');
  const data = document.getElementById('pack-data');
  const model = JSON.parse(data?.textContent ?? 'null') as PackModel | null;
  performance.mark('pack-data-parsed');
  if (!model || model.format !== 'evident-pack' || model.version !== 1) {
    throw new Error(`this file holds no evidence pack this page can read (format ${String(model?.format)}, version ${String(model?.version)})`);
  }
  document.title = model.title;
  const ctx = packContextOf(model);
  const main = document.getElementById('main')!;

  const recommendations = model.recommendations.map((rec, i) => renderRecommendation(ctx, rec, i));
  const view: PlanView = { recommendations, unlinked: renderUnlinked(ctx) };
  const actionAnchors = new Map<string, string>();
  for (const rec of recommendations) for (const action of rec.actions) actionAnchors.set(action.el.getAttribute('data-action-id')!, action.el.id);
  const clipsPerSource = new Map<string, number>();
  for (const clip of model.clips) clipsPerSource.set(clip.sourceId, (clipsPerSource.get(clip.sourceId) ?? 0) + 1);

  const content = document.createDocumentFragment();
  content.append(renderSummary(model, actionAnchors), renderTools(model, view));
  for (const rec of recommendations) content.appendChild(rec.el);
  if (view.unlinked) content.appendChild(view.unlinked.el);
  content.appendChild(renderSources(model.sources, clipsPerSource));

  fillHeader(document.getElementById('pack-header')!, model);
  const tocItems = fillContents(document.getElementById('pack-contents')!, model, { unlinked: view.unlinked !== null });
  recommendations.forEach((rec, i) => (rec.tocItem = tocItems[i] ?? null));
  fillFooter(document.getElementById('pack-footer')!, model);
  main.replaceChildren(content);
  performance.mark('pack-built');
  wireContextView(ctx, main);

  // The browser looked for the address's #fragment before the content existed.
  if (location.hash.length > 1) document.getElementById(fragmentId(location.hash))?.scrollIntoView();
  document.body.setAttribute('data-ready', 'true');
  performance.mark('pack-ready');
  // And when the first frame with the pack in it has been drawn (style and layout included).
  requestAnimationFrame(() => setTimeout(() => performance.mark('pack-painted'), 0));
}

function fragmentId(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/** One listener for every "Show in source" and "Read the text kept" button. */
function wireContextView(ctx: PackContext, main: HTMLElement): void {
  const view = createContextView();
  document.body.appendChild(view.dialog);
  main.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button');
    if (!button) return;
    if (button.classList.contains('show-in-source')) {
      const clip = ctx.clip(button.closest('[data-evidence-id]')?.getAttribute('data-evidence-id') ?? '');
      const source = clip && ctx.sourcesById.get(clip.sourceId);
      if (clip && source) view.open(source, clip, button);
    } else if (button.classList.contains('read-snapshot')) {
      const source = ctx.sourcesById.get(button.closest('[data-source-id]')?.getAttribute('data-source-id') ?? '');
      if (source) view.open(source, null, button);
    }
  });
}

try {
  start();
} catch (error) {
  // The one place a failure is shown: the reader learns the pack could not be read, and why.
  const main = document.getElementById('main');
  const message = el('div', { className: 'warning', attrs: { role: 'alert' } }, textEl('h2', 'This evidence pack could not be shown'));
  message.appendChild(textEl('p', error instanceof Error ? error.message : String(error)));
  main?.replaceChildren(message);
  document.body.setAttribute('data-ready', 'error');
  console.error('evidence pack:', error);
}
