import { defineConfig } from 'wxt';

// The extension's source lives in extension/; shared/ is imported
// by relative path so that the domain core stays free of WXT.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports only: a reader sees where every name comes from.
  imports: false,
  webExt: { disabled: true },
  // The sources zip a store asks for: the code, never local data or benchmark output.
  zip: { excludeSources: ['bench-results.json', 'data/**', '.evident-profile/**', '.tmp/**'] },
  // The export worker (extension/export/) loads the Word writer on demand, so it is built as a module
  // worker: Vite's default (iife) cannot split code.
  vite: () => ({ worker: { format: 'es' } }),
  manifest: ({ browser }) => ({
    name: 'Evident',
    description:
      'Clip evidence from Ofsted letters and council papers, link it to your improvement plan, keep it offline.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'contextMenus',
      'activeTab',
      'scripting',
      // PDFs on Ofsted and modern.gov addresses open in Evident's viewer (features/pdf-redirect.ts).
      'declarativeNetRequestWithHostAccess',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // The same sites the content script runs on: the viewer fetches their PDFs. Chrome's viewer may
    // also read PDFs on this computer (file:///*), but only once the user turns on "Allow access to
    // file URLs" for Evident; Firefox gives extensions no way to read local files.
    host_permissions: browser === 'firefox' ? ['*://*.gov.uk/*'] : ['*://*.gov.uk/*', 'file:///*'],
    // The viewer: a link click to a PDF is redirected to it. The toolbar: the frame the
    // in-page clip toolbar draws plan suggestions in, so page scripts cannot read them. Any site may
    // load both, so each guards itself: the viewer refuses to run inside another site's frame
    // (viewer/frame-guard.ts), and the toolbar shows only a clip handed to it by ticket.
    web_accessible_resources:
      browser === 'firefox'
        ? ['viewer.html', 'toolbar.html']
        : [{ resources: ['viewer.html', 'toolbar.html'], matches: ['*://*/*'] }],
    // Sites beyond *.gov.uk are asked for one at a time from the options page (MV2 Firefox names
    // them optional_permissions).
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*', 'http://*/*'] }
      : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    commands: {
      'clip-selection': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: 'Clip the selected text as evidence',
      },
    },
    action: { default_title: 'Evident' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'evident@evident.local',
              strict_min_version: '140.0', // CSS Custom Highlight API; data_collection_permissions
              // Evident sends nothing anywhere: evidence stays on the team's machines.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
