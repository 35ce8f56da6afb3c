// Types only: the pack's client script bundles this module's labels, and must not pull in zod.
import type { ActionStatus, Rag } from '../schema/action';

/**
 * A RAG rating as plans write it: the colour, its initial, or "Complete" (plans colour finished
 * actions blue). Blank is null (not rated yet); undefined means the text is not a rating.
 */
export function parseRag(text: string): Rag | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  return RAG_WORDS.get(value);
}

export const RAG_ACCEPTED = 'Red, Amber, Green or Blue (or R, A, G, B; "Complete" means Blue)';

// Maps, not object literals: a cell saying "constructor" must not find Object.prototype's.
const RAG_WORDS = new Map<string, Rag>(Object.entries({
  red: 'red', r: 'red', amber: 'amber', a: 'amber', green: 'green', g: 'green', blue: 'blue', b: 'blue',
  complete: 'blue', completed: 'blue',
} as const));

/** An action's status; blank is "not started". undefined means the text is not a status. */
export function parseStatus(text: string): ActionStatus | undefined {
  const value = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (value === '') return 'not_started';
  return STATUS_WORDS.get(value);
}

export const STATUS_ACCEPTED = 'Not started, In progress (or On track, Off track), Complete (or Done) or Closed';

/** How each status is written on export: the words people use, which `parseStatus` reads back. */
export const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
  closed: 'Closed',
};

const STATUS_WORDS = new Map<string, ActionStatus>(Object.entries({
  'not started': 'not_started', 'not yet started': 'not_started', 'to do': 'not_started', planned: 'not_started',
  'in progress': 'in_progress', started: 'in_progress', underway: 'in_progress', 'under way': 'in_progress',
  'on track': 'in_progress', 'off track': 'in_progress', delayed: 'in_progress', ongoing: 'in_progress',
  complete: 'complete', completed: 'complete', done: 'complete', achieved: 'complete',
  closed: 'closed',
} as const));
