export * from './tokenize';
export * from './search-index';
export * from './evidence-text';
