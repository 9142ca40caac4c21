import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { readForm } from '../../platform/http/multipart.ts';
import { isStoredFileUrl } from '../../platform/storage/index.ts';
import { processCover, removeCover, storeCover, type StoredCover } from '../submissions/index.ts';
import { valuesFromForm, type ArticleFormValues } from './admin.articles.form.ts';
import type { ArticleAdminDeps } from './admin.articles.approve.ts';
import { s } from './admin.shared.tsx';

/** The article form as it arrived (multipart with a cover file, or urlencoded without). */
export interface ReceivedArticleForm {
  values: ArticleFormValues;
  /** 仍然发布: the editor confirmed publishing a text review's copy check flagged. */
  confirmCopy?: boolean;
  file?: { data: Buffer; truncated: boolean };
}

export async function readArticleForm(req: FastifyRequest): Promise<ReceivedArticleForm> {
  const { fields, files } = await readForm(req, { files: ['coverFile'] });
  const f = files.coverFile;
  return {
    values: valuesFromForm(fields),
    ...(fields.confirmCopy === '1' ? { confirmCopy: true } : {}),
    ...(f ? { file: { data: f.data, truncated: f.truncated } } : {}),
  };
}

/**
 * The cover the form asks for: an uploaded file is checked and re-encoded the way members' covers are
 * (submissions' processCover), stored, and its URL put in `values.cover`; a typed /uploads/ path must
 * name a file that exists (unless it is the one already saved). `rollback` removes a stored upload
 * when the write does not happen after all.
 */
export async function takeCover(
  deps: ArticleAdminDeps,
  form: ReceivedArticleForm,
  currentCover: string,
): Promise<{ errors: FormErrors; stored?: StoredCover; rollback: () => Promise<void> }> {
  const { values, file } = form;
  const typed = values.cover;
  const none = { rollback: async () => undefined };
  if (file) {
    let stored: StoredCover;
    try {
      stored = await storeCover(deps.storage, deps.clock.now(), await processCover(file.data, file.truncated));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { errors: { coverFile: e.fields?.cover ?? e.message }, ...none };
    }
    values.cover = stored.url;
    const storage = deps.storage;
    return {
      errors: {},
      stored,
      rollback: async () => {
        values.cover = typed;
        await removeCover(storage, stored);
      },
    };
  }
  if (typed && typed !== currentCover && isStoredFileUrl(typed)) {
    const found = await deps.storage.get(typed.slice('/uploads/'.length)).catch(() => undefined);
    if (!found) return { errors: { cover: s.e.coverMissing }, ...none };
  }
  return { errors: {}, ...none };
}
