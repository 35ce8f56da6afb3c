import 'pdfjs-dist/web/pdf_viewer.css';
import '../../viewer/viewer.css';
import { z } from 'zod';
import { startViewer } from '../../viewer/viewer-app';

// Wiring only: the viewer lives in extension/viewer/.
z.config({ jitless: true });
void startViewer(document);
