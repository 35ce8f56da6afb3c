import { useEffect, useId, useState } from 'react';
import { profileAskedItem, saveProfile, userItem } from '../../background/identity';
import { useCanEdit } from '../data/can-edit';

/**
 * The first time Evident opens, it asks her name and team, so teammates see who clipped and linked
 * what instead of "Me". A banner, not a dialog: she can clip first and answer later, and "Not now"
 * stops the question (options keeps both fields). Reviewers, who change nothing, are not asked.
 */
export function FirstRun() {
  const [asked, setAsked] = useState<boolean | null>(null);
  const [name, setName] = useState('');
  const [team, setTeam] = useState('');
  const [problem, setProblem] = useState('');
  const id = useId();
  // A reviewer reads and changes nothing: her name goes on nothing, so she is not asked.
  const canEdit = useCanEdit();
  useEffect(() => {
    void Promise.all([profileAskedItem.getValue(), userItem.getValue()]).then(([done, user]) => {
      // Someone who already named herself in options has answered.
      setAsked(done || Boolean(user && user.name !== 'Me'));
    });
  }, []);
  if (asked !== false || !canEdit) return null;
  return (
    <section className="govuk-notification-banner first-run" aria-labelledby={`${id}-title`} data-testid="first-run">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${id}-title`}>Welcome to Evident: tell your team who you are</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-body">Your name goes on the clips you save and in the activity log.</p>
        <form
          className="first-run-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!name.trim()) return setProblem('Enter your name');
            await saveProfile(name, team);
            setAsked(true);
          }}
        >
          <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor={`${id}-name`}>Your name</label>
            {problem && <p className="govuk-error-message" id={`${id}-error`}>{problem}</p>}
            <input className="govuk-input" id={`${id}-name`} data-testid="first-run-name" autoComplete="name" maxLength={80} value={name}
              aria-describedby={problem ? `${id}-error` : undefined} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor={`${id}-team`}>Your team</label>
            <input className="govuk-input" id={`${id}-team`} data-testid="first-run-team" autoComplete="organization-title" maxLength={120} value={team}
              onChange={(e) => setTeam(e.target.value)} />
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-testid="first-run-save">Save</button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void profileAskedItem.setValue(true).then(() => setAsked(true))}>
              Not now
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
