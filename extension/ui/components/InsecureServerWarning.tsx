import { useEffect, useRef } from 'react';

/**
 * Shown before an invite is sent to a `ws://` address that is not this computer: the invite and the
 * workspace would travel unencrypted. The person can go back and change the address, or send anyway
 * (a server on a trusted local network). Focus moves to the warning so a keyboard or screen-reader
 * user meets it; both choices are ordinary buttons.
 */
export function InsecureServerWarning({ serverUrl, onSend, onCancel }: { serverUrl: string; onSend: () => void; onCancel: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  let host = serverUrl;
  try {
    host = new URL(serverUrl).host;
  } catch {
    // shown as typed
  }
  return (
    <div className="warning" role="alert" data-testid="insecure-server-warning" aria-labelledby="insecure-server-heading">
      <h3 id="insecure-server-heading" tabIndex={-1} ref={heading}>
        This connection is not encrypted
      </h3>
      <p>
        The address starts with <code>ws://</code>, so your invite and your team's evidence would be sent to {host} without
        encryption. Anyone who can see the network traffic could read them, and could use the invite to join the workspace.
      </p>
      <p>Ask the person who runs the server for an address that starts with <code>wss://</code>.</p>
      <button type="button" className="primary" data-testid="insecure-cancel" onClick={onCancel}>
        Go back and change the address
      </button>{' '}
      <button type="button" data-testid="insecure-send-anyway" onClick={onSend}>
        Send the invite anyway
      </button>
    </div>
  );
}
