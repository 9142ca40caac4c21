export { createPages, type Pages, type StaticPage, PageInputSchema, PagePatchSchema } from './pages.service.ts';
export { registerStaticPages } from './pages.public.tsx';
