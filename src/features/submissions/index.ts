export { registerSubmissions, type SubmissionsDeps } from './submissions.routes.tsx';
export { createSubmissions, startOfChinaDay, type Submissions, type Outcome } from './submissions.service.ts';
export { parseSubmissionForm, formValues, valuesOf, splitTags, bodyHtml, type FormValues, type RawForm } from './submissions.form.ts';
export { categoryOptions, parseId, parsePage, isFormError } from './submissions.request.ts';
export { processCover, storeCover, removeCover, removeCoverByUrl, COVER_MAX_BYTES, type ProcessedCover, type StoredCover } from './submissions.cover.ts';
export { createTagSuggester, withAutoSummary, type TagSuggester, type TagText } from './submissions.suggest.ts';
export { TagSuggestions } from './views/tag-suggestions.tsx';
export { IMAGE_UPLOAD, registerImageUpload, imageTag, type UploadedImage } from './submissions.images.tsx';
