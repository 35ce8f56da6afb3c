import { z } from 'zod';

/** Who did something: a stable id plus the display name at the time (kept for the audit trail). */
export const Actor = z.object({ id: z.string().min(1), name: z.string() });
export type Actor = z.infer<typeof Actor>;

export const IsoDateTime = z.string().datetime({ offset: true });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');
