import 'pdfjs-dist/web/pdf_viewer.css';
import '../../viewer/viewer.css';
import { z } from 'zod';
import { isFramedByAnotherSite } from '../../viewer/frame-guard';
import { refuseToRunFramed, startViewer } from '../../viewer/viewer-app';

// Wiring only: the viewer lives in extension/viewer/.
z.config({ jitless: true });
if (isFramedByAnotherSite(window)) refuseToRunFramed(document);
else void startViewer(document);
