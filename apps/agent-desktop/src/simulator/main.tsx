import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Simulator } from './Simulator';
import '../styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Simulator />
  </StrictMode>,
);
