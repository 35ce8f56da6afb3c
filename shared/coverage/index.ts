export * from './types';
export * from './compute-coverage';
export * from './coverage-chart';
export * from './evidence-date';
export * from './months';
export * from './natural-order';
