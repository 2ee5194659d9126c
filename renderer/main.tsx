import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@salesforce-ux/design-system/assets/styles/salesforce-lightning-design-system.min.css';
import './app/app.css';
import { createApi, detectTransport } from './api/client';
import { App } from './app/App';

const api = createApi(detectTransport());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
