export { categoryFieldProblems, createCategories, type Categories, type Category, type CategoryInput, type CategoryUsage } from './categories.service.ts';
