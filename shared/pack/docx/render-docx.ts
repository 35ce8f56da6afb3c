import { Document, Footer, HeadingLevel, Packer, PageNumber, PageOrientation, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { ASSESSMENT_LABELS, ASSESSMENT_ORDER, formatDate, formatDateTime } from '../../labels';
import type { PackModel } from '../types';
import { clipParagraphs, type ClipContext, Footnotes } from './clips';
import { planParagraphs } from './plan-sections';
import { sourcesSection } from './sources-list';
import { corePropertiesXml, PACK_STYLES } from './styles';
import { ragKeyParagraph, summaryTable } from './summary-table';
import { textParagraph, textRuns } from './text';

/** 2 cm, in twips. */
const MARGIN = 1134;

/**
 * The pack as a Word document, the format councils work in: a cover (title, date, what the selection
 * holds, totals), the summary table on landscape pages, then each recommendation (Heading 1) and action
 * (Heading 2) with its clips quoted and cited in footnotes, the evidence not linked to the plan, and the
 * sources with their SHA-256. Pure: the same model gives the same document, in a worker or in Node.
 */
export async function renderPackDocx(model: PackModel): Promise<Uint8Array> {
  const ctx: ClipContext = {
    sources: new Map(model.sources.map((s) => [s.id, s])),
    tagNames: new Map(model.tags.map((t) => [t.id, t.name])),
    footnotes: new Footnotes(),
  };
  const clips = new Map(model.clips.map((c) => [c.id, c]));
  const body = [...planParagraphs(model, clips, ctx), ...unlinkedParagraphs(model, clips, ctx), ...sourcesSection(model)];
  const footer = pageFooter(model);
  const portrait = { page: { margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } };
  const sections: ISectionOptions[] = [
    { properties: portrait, footers: { default: footer }, children: coverParagraphs(model) },
    {
      properties: { page: { ...portrait.page, size: { orientation: PageOrientation.LANDSCAPE } } },
      footers: { default: footer },
      children: [
        textParagraph('Summary', { heading: HeadingLevel.HEADING_1 }),
        textParagraph('Table 1: progress and evidence for each recommendation and action. Counts are clips; a recommendation counts each clip once.', { style: 'Caption' }),
        ragKeyParagraph(),
        summaryTable(model),
      ],
    },
    { properties: portrait, footers: { default: footer }, children: body },
  ];
  const document = new Document({
    title: model.title,
    creator: model.generatedBy ?? 'Evident',
    description: `Selection: ${model.selectionSummary.join('; ')}`,
    styles: PACK_STYLES,
    footnotes: ctx.footnotes.notes,
    sections,
  });
  return Packer.pack(document, 'uint8array', false, [{ path: 'docProps/core.xml', data: corePropertiesXml(model) }]);
}

function coverParagraphs(model: PackModel): Paragraph[] {
  const t = model.totals;
  const counts = ASSESSMENT_ORDER.map((a) => `${ASSESSMENT_LABELS[a]} ${t.counts[a]}`).join(' · ');
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
  return [
    textParagraph(model.title, { heading: HeadingLevel.TITLE }),
    textParagraph(`Generated on ${formatDateTime(model.generatedAt)}${model.generatedBy ? ` by ${model.generatedBy}` : ''}.`),
    ...(model.plan ? [textParagraph(`Improvement plan: ${model.plan.name}`)] : [textParagraph('No improvement plan: the clips are listed without one.')]),
    textParagraph('What this pack holds', { heading: HeadingLevel.HEADING_1 }),
    ...model.selectionSummary.map((line) => textParagraph(line, { bullet: { level: 0 } })),
    textParagraph(
      `${plural(t.clips, 'clip', 'clips')} from ${plural(t.sources, 'source', 'sources')}, ` +
        `${plural(t.links, 'link', 'links')} to ${plural(t.actions, 'action', 'actions')} under ${plural(t.recommendations, 'recommendation', 'recommendations')}.`,
    ),
    textParagraph(`Linked clips by what they show: ${counts}.`),
    textParagraph(
      `${plural(t.actionsWithoutEvidence, 'action has', 'actions have')} no evidence; ` +
        `${plural(t.actionsWithOnlyStaleEvidence, 'action has', 'actions have')} only evidence dated before ${formatDate(model.staleBefore)} ` +
        `(older than ${plural(model.staleAfterMonths, 'month', 'months')}).`,
    ),
  ];
}

function unlinkedParagraphs(model: PackModel, clips: Map<string, PackModel['clips'][number]>, ctx: ClipContext): Paragraph[] {
  if (!model.unlinkedClipIds.length) return [];
  return [
    textParagraph('Evidence not linked to the plan', { heading: HeadingLevel.HEADING_1 }),
    textParagraph('Clips in this pack that are not linked to any action shown above.'),
    ...model.unlinkedClipIds.flatMap((id) => {
      const clip = clips.get(id);
      return clip ? clipParagraphs(clip, null, ctx) : [];
    }),
  ];
}

function pageFooter(model: PackModel): Footer {
  return new Footer({
    children: [
      new Paragraph({
        // The page number is docx's field constant, never user text (text.ts).
        children: [...textRuns(`${model.title} · ${formatDate(model.generatedAt)} · page `, { size: 18 }), new TextRun({ children: [PageNumber.CURRENT], size: 18 })],
      }),
    ],
  });
}
