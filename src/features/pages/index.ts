export { createPages, type Pages, type StaticPage, type FooterLink, PageInputSchema, PagePatchSchema } from './pages.service.ts';
export { registerStaticPages } from './pages.public.tsx';
