export { createFavorites, favoritesTag, type Favorites, type FavoriteState, type FavoriteEntry } from './favorites.service.ts';
export { registerFavorites, type FavoritesDeps } from './favorites.routes.tsx';
