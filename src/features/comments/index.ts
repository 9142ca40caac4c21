export { createComments, type Comments, type CommentView } from './comments.service.ts';
