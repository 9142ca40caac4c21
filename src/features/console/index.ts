export { createConsole, memberNav, adminNav, type Console, type ConsolePage } from './console.tsx';
