import type { FastifyRequest } from 'fastify';
import { AppError, NotFoundError, ValidationError, isAppError, type FieldErrors } from '../../platform/errors.ts';
import { readForm } from '../../platform/http/multipart.ts';
import type { Categories } from '../categories/index.ts';
import { parseSubmissionForm, type RawForm } from './submissions.form.ts';
import { processCover, type ProcessedCover } from './submissions.cover.ts';
import { CLOSED_CODE, type MemberFields } from './submissions.service.ts';

/** A submission form as it arrived: text fields, and the cover file if one was chosen. */
export interface ReceivedForm {
  raw: RawForm;
  file?: { data: Buffer; truncated: boolean };
}

/** Reads a submission form (multipart with its cover, or urlencoded without); only `coverFile` is kept. */
export async function readSubmissionForm(req: FastifyRequest): Promise<ReceivedForm> {
  const { fields, files } = await readForm(req, { files: ['coverFile'] });
  const cover = files.coverFile;
  return { raw: fields, ...(cover ? { file: { data: cover.data, truncated: cover.truncated } } : {}) };
}

/** The member's fields and the checked cover; every problem of both is reported together (422). */
export async function parseReceived(form: ReceivedForm): Promise<{ fields: MemberFields; upload?: ProcessedCover }> {
  const errors: FieldErrors = {};
  let fields: MemberFields | undefined;
  let upload: ProcessedCover | undefined;
  try {
    fields = parseSubmissionForm(form.raw);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(errors, e.fields);
  }
  if (form.file) {
    try {
      upload = await processCover(form.file.data, form.file.truncated);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      Object.assign(errors, e.fields);
    }
  }
  if (!fields || Object.keys(errors).length) throw new ValidationError(errors);
  return { fields, ...(upload ? { upload } : {}) };
}

/** Errors a form shows again with what was typed (validation, limits, a state that changed). */
export function isFormError(e: unknown): e is AppError {
  return isAppError(e) && [409, 422, 429].includes(e.status);
}

/** Submissions are closed (开放投稿 off): the service's refusal of a member's write. */
export function isClosedError(e: unknown): e is AppError {
  return isAppError(e) && e.code === CLOSED_CODE;
}

export function parseId(param: string): number {
  if (!/^[1-9]\d{0,9}$/.test(param) || Number(param) > 2_147_483_647) throw new NotFoundError();
  return Number(param);
}

export function parsePage(q: unknown): number {
  const v = typeof q === 'string' && /^[1-9]\d{0,4}$/.test(q) ? Number(q) : 1;
  return v;
}

/** Categories in tree order, children indented, for a select. */
export async function categoryOptions(categories: Categories): Promise<Array<{ value: string; label: string }>> {
  const all = await categories.all();
  const out: Array<{ value: string; label: string }> = [];
  const walk = (parent: number | null, depth: number) => {
    if (depth > 8) return;
    for (const c of all.filter((x) => x.parentId === parent)) {
      out.push({ value: c.slug, label: `${'　'.repeat(depth)}${c.name}` });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
