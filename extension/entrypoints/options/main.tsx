import { createRoot } from 'react-dom/client';
import '../../ui/design/govuk.scss';
import '../../ui/styles.css';
import { requestPersistentStorage } from '../../ui/persist-storage';
import { Options } from './Options';

void requestPersistentStorage();
createRoot(document.getElementById('root')!).render(<Options />);
