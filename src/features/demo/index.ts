export { demoArticles, demoCategories, demoMembers, demoPages, type DemoArticle, type DemoCategory, type DemoMember, type DemoPage } from './demo-content.ts';
export { renderCover, renderThumbnail } from './covers.ts';
export { demoGifts, renderGiftPicture, type DemoGift } from './demo-gifts.ts';
export { demoAdPositions, demoAds, renderAdBanner, type DemoAd, type DemoAdPosition } from './demo-ads.ts';
export { demoLinks, renderLinkLogo, type DemoLink } from './demo-links.ts';
export { syntheticArticles, createRng, type SyntheticArticle } from './synthetic.ts';
