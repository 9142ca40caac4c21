import type { FastifyRequest } from 'fastify';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { AdUpload } from './ads.image.ts';

/** An ad form as it arrived: text fields, and the picture when one was chosen. */
export interface ReceivedAdForm {
  raw: Record<string, string>;
  upload?: AdUpload;
}

/**
 * Reads an ad form: multipart (the real form, with its picture) or urlencoded (no picture). Only the
 * `image` part is kept; other files are drained and ignored.
 */
export async function readAdForm(req: FastifyRequest): Promise<ReceivedAdForm> {
  if (!req.isMultipart()) {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') raw[k] = v;
    return { raw };
  }
  const raw: Record<string, string> = {};
  let upload: AdUpload | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname === 'image' && data.length > 0) upload = { data, truncated: part.file.truncated };
    } else {
      if (part.valueTruncated) throw new AppError('payload_too_large', '提交的内容过大', 413);
      if (!(part.fieldname in raw)) raw[part.fieldname] = String(part.value);
    }
  }
  return { raw, ...(upload ? { upload } : {}) };
}

export function parseId(param: string): number {
  if (!/^[1-9]\d{0,9}$/.test(param) || Number(param) > 2_147_483_647) throw new NotFoundError();
  return Number(param);
}

export function parsePage(q: unknown): number {
  return typeof q === 'string' && /^[1-9]\d{0,4}$/.test(q) ? Number(q) : 1;
}
