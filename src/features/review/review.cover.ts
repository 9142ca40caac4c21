import { ValidationError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { isStoredFileUrl, type Storage } from '../../platform/storage/index.ts';
import { processCover, removeCoverByUrl, storeCover } from '../submissions/index.ts';

/** What the approval form asks for the cover, from its fields and its file. */
export interface CoverChoice {
  /** The cover the article gets if approved ('' = none). */
  cover: string;
  /** A file stored by this request (kept for the corrected form if the approval is refused). */
  uploaded: boolean;
  /** The upload could not be used (not a picture, too large…): nothing was stored. */
  error?: string;
}

/**
 * 审核's cover: an uploaded file (checked and re-encoded as members' covers are) replaces the
 * submission's; 删除封面 drops it; otherwise the form's hidden `cover` carries the one shown (the
 * submission's own, or an upload kept from an attempt the editor has to correct). A hidden value that
 * is neither the current cover nor one of our stored covers is ignored (the current cover stays).
 */
export async function chooseCover(
  deps: { storage?: Storage | undefined; clock: Clock },
  current: string,
  fields: Record<string, string>,
  file: { data: Buffer; truncated: boolean } | undefined,
): Promise<CoverChoice> {
  const kept = await keptCover(deps.storage, current, fields.cover);
  if (file && deps.storage) {
    try {
      const stored = await storeCover(deps.storage, deps.clock.now(), await processCover(file.data, file.truncated));
      return { cover: stored.url, uploaded: true };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { cover: kept, uploaded: false, error: e.fields?.cover ?? e.message };
    }
  }
  if (fields.removeCover === '1') return { cover: '', uploaded: false };
  return { cover: kept, uploaded: false };
}

async function keptCover(storage: Storage | undefined, current: string, hidden: string | undefined): Promise<string> {
  if (hidden === undefined || hidden === current || hidden === '') return hidden ?? current;
  if (!storage || !isStoredFileUrl(hidden) || !hidden.startsWith('/uploads/covers/')) return current;
  const found = await storage.get(hidden.slice('/uploads/'.length)).catch(() => undefined);
  return found ? hidden : current;
}

/** After an approval: the submission's replaced or removed cover file goes (when it was an upload of ours). */
export async function dropReplacedCover(storage: Storage | undefined, before: string, after: string): Promise<void> {
  if (storage && before && before !== after) await removeCoverByUrl(storage, before).catch(() => undefined);
}
