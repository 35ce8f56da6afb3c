import { createRoot } from 'react-dom/client';
import '../../ui/design/govuk.scss';
import '../../ui/styles.css';
import { requestPersistentStorage } from '../../ui/persist-storage';
import { Dashboard } from './Dashboard';

void requestPersistentStorage();
createRoot(document.getElementById('root')!).render(<Dashboard />);
