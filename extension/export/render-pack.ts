import { renderPackHtml } from '../../shared/pack/html/render-html';
import type { PackFormat, PackModel } from '../../shared/pack/types';

/**
 * One pack model as a file of the chosen format, with its media type. The Word, CSV and REFI-QDA
 * writers are loaded only when asked for: the Word writer (the docx package) is most of their weight,
 * and an HTML export should not wait for it.
 */
export async function renderPack(model: PackModel, format: PackFormat): Promise<{ data: Uint8Array | string; mime: string }> {
  switch (format) {
    case 'html':
      return { data: await renderPackHtml(model), mime: 'text/html;charset=utf-8' };
    case 'docx': {
      const { renderPackDocx } = await import('../../shared/pack/docx');
      return { data: await renderPackDocx(model), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
    }
    case 'csv': {
      const { renderPackCsv } = await import('../../shared/pack/csv');
      return { data: renderPackCsv(model), mime: 'text/csv;charset=utf-8' };
    }
    case 'qdc': {
      const { renderPackQdc } = await import('../../shared/pack/refi-qda');
      return { data: renderPackQdc(model), mime: 'application/xml;charset=utf-8' };
    }
    case 'qdpx': {
      const { renderPackQdpx } = await import('../../shared/pack/refi-qda');
      return { data: await renderPackQdpx(model), mime: 'application/zip' };
    }
  }
}
