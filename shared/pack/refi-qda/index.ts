/** REFI-QDA exports of an evidence pack: the codebook (.qdc) and the project (.qdpx). */
export { renderPackQdc, CODEBOOK_NAMESPACE } from './render-qdc';
export { renderPackQdpx } from './render-qdpx';
export { PROJECT_NAMESPACE } from './project-xml';
export { guidFor, EVIDENT_GUID_NAMESPACE } from './guid';
