import './toolbar.css';
import { z } from 'zod';
import { startToolbarFrame } from './toolbar-frame-app';

// Wiring only. The frame of the in-page toolbar that shows the plan's suggestions (see
// extension/content/toolbar-frame.ts for how the page's content script opens it).
z.config({ jitless: true });
startToolbarFrame(window);
