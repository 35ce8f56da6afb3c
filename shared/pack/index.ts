/**
 * Evidence packs: a workspace and a selection → one model →
 * one file per format. The extension's export and the sync server's reviewer page use this code.
 */
export * from './types';
export { buildPackModel } from './build-model';
export { packWorkspaceFromDoc, type PackWorkspace } from './pack-workspace';
export { citationOf } from './citation';
