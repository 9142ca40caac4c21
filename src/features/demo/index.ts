export { demoArticles, demoCategories, demoMembers, demoPages, type DemoArticle, type DemoCategory, type DemoMember, type DemoPage } from './demo-content.ts';
export { renderCover, renderThumbnail } from './covers.ts';
export { syntheticArticles, createRng, type SyntheticArticle } from './synthetic.ts';
