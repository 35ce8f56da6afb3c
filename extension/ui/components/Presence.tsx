import { useEffect, useState } from 'react';
import { presenceItem, type PresentPerson } from '../../background/presence';
import { ExternalLink } from './ExternalLink';

/** Who else is in this workspace right now, and which page each is on (from Yjs awareness). */
export function Presence({ workspaceId }: { workspaceId: string }) {
  const [people, setPeople] = useState<PresentPerson[]>([]);
  useEffect(() => {
    const pick = (all: Record<string, PresentPerson[]> | null) => setPeople(all?.[workspaceId] ?? []);
    void presenceItem.getValue().then(pick);
    return presenceItem.watch(pick);
  }, [workspaceId]);
  if (!people.length) return null;
  return (
    <section className="presence" aria-label="Also here now">
      <h2>Also here now</h2>
      <ul>
        {people.map((p) => (
          <li key={p.clientId} data-testid="presence-person">
            <span className="presence-dot" style={{ background: p.colour }} aria-hidden="true" />
            <strong>{p.name}</strong>
            {p.page ? (
              <>
                {' '}is reading{' '}
                <ExternalLink url={p.page.url}>{p.page.title || p.page.url}</ExternalLink>
              </>
            ) : (
              ' is online'
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
