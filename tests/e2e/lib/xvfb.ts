import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A virtual X display for the few tests that need real keyboard and mouse events (extension keyboard
 * shortcuts and context menus cannot be fired through CDP). Fails loudly without Xvfb.
 */
export interface VirtualDisplay {
  display: string;
  /** Runs xdotool with these arguments on this display; throws with its output when it fails. */
  xdotool(...args: string[]): string;
  stop(): void;
}

export async function startVirtualDisplay(): Promise<VirtualDisplay> {
  for (const tool of ['/usr/bin/Xvfb', '/usr/bin/xdotool']) {
    if (!existsSync(tool)) throw new Error(`${tool} not found: apt-get install xvfb xdotool (see .ci/run)`);
  }
  const number = 90 + Math.floor(Math.random() * 400);
  const display = `:${number}`;
  const server: ChildProcess = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${number}`); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(`/tmp/.X11-unix/X${number}`)) throw new Error(`Xvfb did not start on ${display}`);
  return {
    display,
    xdotool(...args) {
      const result = spawnSync('/usr/bin/xdotool', args, { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`xdotool ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout.trim();
    },
    stop: () => void server.kill(),
  };
}
