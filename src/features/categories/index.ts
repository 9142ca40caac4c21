export { createCategories, type Categories, type Category, type CategoryInput } from './categories.service.ts';
