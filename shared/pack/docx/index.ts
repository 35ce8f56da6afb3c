/** The Word export of an evidence pack. */
export { renderPackDocx } from './render-docx';
