import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { saveProfile, teamItem, userItem } from '../../background/identity';
import { pdfRedirectItem } from '../../features/pdf-redirect';
import { enabledSitesItem, originPattern } from '../../features/site-access';
import { TeamSync } from '../../ui/components/TeamSync';

/** Options: your name (shown on clips and in the activity log), sites with the clip button, storage. */
export function Options() {
  const [name, setName] = useState('');
  const [team, setTeam] = useState('');
  const [sites, setSites] = useState<string[]>([]);
  const [newSite, setNewSite] = useState('');
  const [message, setMessage] = useState('');
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [pdfRedirect, setPdfRedirect] = useState(true);

  useEffect(() => {
    // What is stored fills the fields only if she has not started typing: a quick typist's name is
    // not replaced by the stored one (or by nothing) when storage answers a moment later.
    void userItem.getValue().then((u) => setName((typed) => typed || (u && u.name !== 'Me' ? u.name : '')));
    void teamItem.getValue().then((stored) => setTeam((typed) => typed || stored));
    void enabledSitesItem.getValue().then(setSites);
    void navigator.storage?.persisted?.().then(setPersisted);
    void pdfRedirectItem.getValue().then(setPdfRedirect);
  }, []);

  async function saveName() {
    await saveProfile(name, team);
    setMessage('Your name and team are saved');
  }

  async function addSite() {
    let origin: string;
    try {
      const url = new URL(newSite.includes('://') ? newSite : `https://${newSite}`);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not a web address');
      origin = url.origin;
    } catch {
      return setMessage(`"${newSite}" is not a web address, e.g. https://example.moderngov.co.uk`);
    }
    // The browser asks the user; without their yes nothing is registered.
    const granted = await browser.permissions.request({ origins: [originPattern(origin)] });
    if (!granted) return setMessage(`Permission for ${origin} was not given`);
    const next = [...new Set([...sites, origin])];
    await enabledSitesItem.setValue(next);
    setSites(next);
    setNewSite('');
    setMessage(`The clip button now appears on ${origin}`);
  }

  async function removeSite(origin: string) {
    const next = sites.filter((s) => s !== origin);
    await enabledSitesItem.setValue(next);
    await browser.permissions.remove({ origins: [originPattern(origin)] });
    setSites(next);
    setMessage(`Removed ${origin}`);
  }

  return (
    <main className="options">
      <h1>Evident options</h1>
      <TeamSync />
      <h2>You</h2>
      <label htmlFor="display-name">Your name</label>
      <p className="hint" id="display-name-hint">Your team sees it on the clips you save and in the activity log.</p>
      <input id="display-name" data-testid="display-name" aria-describedby="display-name-hint" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
      <label htmlFor="team-name">Your team</label>
      <input id="team-name" data-testid="team-name" autoComplete="organization-title" value={team} onChange={(e) => setTeam(e.target.value)} maxLength={120} />
      <button type="button" onClick={() => void saveName()}>
        Save name and team
      </button>
      <h2>Sites with the clip button</h2>
      <p>
        The clip button appears on every <code>*.gov.uk</code> page. Add other sites (for example a council's
        <code> moderngov.co.uk</code> site) here. Anywhere else, select text and use the context menu “Clip as evidence” or
        Alt+Shift+E.
      </p>
      <ul className="site-list" aria-label="Enabled sites">
        {sites.map((s) => (
          <li key={s}>
            {s}
            <button type="button" onClick={() => void removeSite(s)} aria-label={`Remove ${s}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void addSite();
        }}
      >
        <label htmlFor="new-site">Add a site</label>
        <input id="new-site" data-testid="new-site" value={newSite} onChange={(e) => setNewSite(e.target.value)} placeholder="https://example.moderngov.co.uk" />
        <button type="submit">Add site</button>
      </form>
      <h2>PDFs</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="pdf-redirect"
          checked={pdfRedirect}
          onChange={async (e) => {
            setPdfRedirect(e.target.checked);
            await pdfRedirectItem.setValue(e.target.checked);
            setMessage(e.target.checked ? 'Ofsted and modern.gov PDFs will open in Evident' : 'PDFs will open in the browser’s own viewer');
          }}
        />{' '}
        Open Ofsted reports and modern.gov PDFs in Evident's viewer, where you can clip them
      </label>
      <p className="muted">
        Any other PDF: right-click its link and choose “Open in Evident viewer”, or use the toolbar button on an open PDF.
        PDFs on this computer need “Allow access to file URLs” in the browser's extension details.
      </p>
      <h2>Storage</h2>
      <p data-testid="storage-persisted">
        {persisted === null
          ? 'Checking…'
          : persisted
            ? 'Your evidence is kept on this computer, and the browser will not delete it to free up space.'
            : 'Your evidence is kept on this computer, with room for as much as you clip. As with any work, keep a copy: export the workspace now and then (Dashboard, Export JSON).'}
      </p>
      <p role="status" className="message">
        {message}
      </p>
    </main>
  );
}
