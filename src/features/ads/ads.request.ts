import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import { readForm } from '../../platform/http/multipart.ts';
import type { AdUpload } from './ads.image.ts';

/** An ad form as it arrived: text fields, and the picture when one was chosen. */
export interface ReceivedAdForm {
  raw: Record<string, string>;
  upload?: AdUpload;
}

/** Reads an ad form (multipart with its picture, or urlencoded without); only the `image` file is kept. */
export async function readAdForm(req: FastifyRequest): Promise<ReceivedAdForm> {
  const { fields, files } = await readForm(req, { files: ['image'] });
  const image = files.image;
  return { raw: fields, ...(image ? { upload: { data: image.data, truncated: image.truncated } } : {}) };
}

export function parseId(param: string): number {
  if (!/^[1-9]\d{0,9}$/.test(param) || Number(param) > 2_147_483_647) throw new NotFoundError();
  return Number(param);
}

/** A list's page number: absent is page 1; anything but a plain page number is "not found", as on every list. */
export function parsePage(q: unknown): number {
  if (q === undefined || q === '') return 1;
  if (typeof q !== 'string' || !/^[1-9]\d{0,4}$/.test(q)) throw new NotFoundError();
  return Number(q);
}
