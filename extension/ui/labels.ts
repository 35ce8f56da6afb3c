// The labels live in the domain core so the evidence pack and the extension's pages say the same.
export { DOCUMENT_TYPE_LABELS, documentTypeLabel, formatDate, formatDateTime } from '../../shared/labels';
