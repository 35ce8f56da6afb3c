import { renderPackHtml } from '../../shared/pack/html/render-html';
import type { PackFormat, PackModel } from '../../shared/pack/types';

/** One pack model as a file of the chosen format, with its media type. */
export async function renderPack(model: PackModel, format: PackFormat): Promise<{ data: Uint8Array | string; mime: string }> {
  switch (format) {
    case 'html':
      return { data: await renderPackHtml(model), mime: 'text/html;charset=utf-8' };
    default:
      throw new Error(`${format} export is not available yet`);
  }
}
