import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError } from '../errors.ts';
import { t } from '../../strings/index.ts';

/**
 * "Form fields + one picture" forms: the one reader behind every upload form (gift pictures, ad
 * pictures, article covers). A form may arrive as multipart (a browser with a file input) or
 * urlencoded (no file; scripts and tests); both come out the same shape.
 */

/** Text fields as plain strings; with `repeated: 'all'` a field sent more than once becomes an array. */
export type FormFields<V extends string | string[] = string | string[]> = Record<string, V>;

/** A file part as it arrived. Its type is only the client's claim: check the content before trusting it. */
export interface UploadedFile {
  data: Buffer;
  /** The declared content type, lower-cased ('' when none was sent). */
  mime: string;
  filename: string;
  /** Larger than the size limit: `data` holds only the first bytes. Callers refuse it with their own message. */
  truncated: boolean;
}

export interface ReceivedForm<V extends string | string[] = string> {
  fields: FormFields<V>;
  /** At most one file per named file field; empty file inputs (nothing chosen) are left out. */
  files: Record<string, UploadedFile>;
}

export interface FormLimits {
  /** Largest file kept whole; a larger one is cut here and marked `truncated`. */
  fileBytes: number;
  /** Largest text field; a larger one is refused with 413. */
  fieldBytes: number;
  /** Most text fields (and thus parts, with one file) a form may have. */
  fields: number;
}

export interface ReadFormOptions {
  /** Names of the file fields to keep; any other file part is read to its end and dropped. */
  files: readonly string[];
  /** 'first' keeps a repeated field's first value (default); 'all' makes it an array. */
  repeated?: 'first' | 'all';
  /**
   * Declared types accepted for kept files (e.g. ['image/jpeg', 'image/png']). A file declaring
   * another type is dropped as if none had been chosen, so the form re-renders without it. Leave it
   * out when the content is checked anyway: browsers are not consistent about the types they send.
   */
  types?: readonly string[];
}

const TOO_LARGE = t.http.tooLarge;

/**
 * Registers the multipart parser on a route scope with these limits. Oversized files are not an error
 * here (`throwFileSizeLimit: false`): they arrive marked `truncated` so the form can say which field
 * was too large and keep what was typed. Too many parts or files is Fastify's 413.
 */
export async function registerMultipart(scope: FastifyInstance, limits: FormLimits): Promise<void> {
  await scope.register(multipart, {
    limits: { fileSize: limits.fileBytes, files: 1, fields: limits.fields, parts: limits.fields + 5, fieldSize: limits.fieldBytes },
    throwFileSizeLimit: false,
  });
}

function add(fields: FormFields, name: string, value: string, repeated: 'first' | 'all'): void {
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else if (repeated === 'all') fields[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
}

/** Reads the form of a request on a scope set up with `registerMultipart` (or a plain urlencoded form). */
export async function readForm(req: FastifyRequest, opts: ReadFormOptions & { repeated?: 'first' }): Promise<ReceivedForm<string>>;
export async function readForm(req: FastifyRequest, opts: ReadFormOptions & { repeated: 'all' }): Promise<ReceivedForm<string | string[]>>;
export async function readForm(req: FastifyRequest, opts: ReadFormOptions): Promise<ReceivedForm<string | string[]>> {
  const repeated = opts.repeated ?? 'first';
  const fields: FormFields = Object.create(null) as FormFields;
  const files: Record<string, UploadedFile> = Object.create(null) as Record<string, UploadedFile>;
  if (!req.isMultipart()) {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    for (const [name, v] of Object.entries(body)) {
      for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') add(fields, name, one, repeated);
    }
    return { fields, files };
  }
  const accepted = opts.types?.map((x) => x.toLowerCase());
  try {
    await readParts(req, opts, accepted, fields, files, repeated);
  } catch (e) {
    throw malformed(e);
  }
  return { fields, files };
}

const MALFORMED = t.http.multipartMalformed;

/**
 * A body the multipart parser cannot read (cut off, no boundary, broken headers) is the client's
 * fault: busboy reports it as a plain Error, which would otherwise become a 500. Errors that already
 * carry a 4xx status (too many parts, too large) and our own keep theirs.
 */
function malformed(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const status = (e as { statusCode?: number } | null)?.statusCode;
  if (status && status >= 400 && status < 500) return e;
  if (e instanceof Error) return new AppError('bad_request', MALFORMED, 400);
  return e;
}

async function readParts(
  req: FastifyRequest,
  opts: ReadFormOptions,
  accepted: string[] | undefined,
  fields: FormFields,
  files: Record<string, UploadedFile>,
  repeated: 'first' | 'all',
): Promise<void> {
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer(); // also drains parts we do not keep
      const mime = (part.mimetype ?? '').toLowerCase();
      const wanted = opts.files.includes(part.fieldname) && !(part.fieldname in files);
      if (!wanted || data.length === 0 || (accepted && !accepted.includes(mime))) continue;
      files[part.fieldname] = { data, mime, filename: part.filename ?? '', truncated: part.file.truncated };
    } else {
      if (part.valueTruncated) throw new AppError('payload_too_large', TOO_LARGE, 413);
      add(fields, part.fieldname, String(part.value), repeated);
    }
  }
}
