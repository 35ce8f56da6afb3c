import { createContext, useContext, type ReactNode } from 'react';

/**
 * Whether the person may change the active workspace: false for a reviewer's invite. Pages hide
 * every edit control when it is false; the background refuses edits and the server drops them too.
 */
const CanEditContext = createContext(true);

export const CanEditProvider = ({ canEdit, children }: { canEdit: boolean; children: ReactNode }) => (
  <CanEditContext.Provider value={canEdit}>{children}</CanEditContext.Provider>
);

export const useCanEdit = () => useContext(CanEditContext);
