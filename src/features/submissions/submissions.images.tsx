import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wantsJson } from '../../platform/http/script-json.ts';
import { registerMultipart, readForm } from '../../platform/http/multipart.ts';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { ErrorSummary, Form } from '../../platform/html/forms.tsx';
import { AppError, ValidationError, isAppError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { RateLimitedError, type RateLimiter } from '../../platform/http/rate-limit.ts';
import { t } from '../../strings/index.ts';
import { isStaff, type Guards, type Member } from '../members/index.ts';
import type { Console } from '../console/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { Audit } from '../audit/index.ts';
import { COVER_MAX_BYTES, processBodyImage, storeBodyImage } from './submissions.cover.ts';
import { CLOSED_CODE } from './submissions.service.ts';

const s = t.submissions;
export const IMAGE_UPLOAD = '/member/articles/images';
const IMAGES_PER_WINDOW = 30;
const IMAGE_WINDOW_MS = 10 * 60_000;

export interface ImageUploadDeps {
  clock: Clock;
  storage: Storage;
  rateLimiter: RateLimiter;
  guards: Guards;
  console: Console;
  settings: SettingsService;
  audit: Audit;
}

/** What an uploaded body image is: the editor inserts `<img src alt width height>` from it. */
export interface UploadedImage {
  url: string;
  width: number;
  height: number;
}

/** The `<img>` a member pastes into the body (the sanitizer keeps it: a stored-file URL, width, height). */
export function imageTag(img: UploadedImage): string {
  return `<img src="${img.url}" alt="" width="${img.width}" height="${img.height}">`;
}

/** The page without JavaScript: a file field, and after an upload the code to paste into the body. */
function ImageUploadPage(p: { csrf: string; uploaded?: UploadedImage; error?: string; closed?: boolean }): SafeHtml {
  if (p.closed) return <p class="notice">{p.error ?? s.closed}</p>;
  return (
    <>
      {p.uploaded ? (
        <div class="notice image-uploaded">
          <p>{s.imageUploaded}</p>
          <p>
            <img src={p.uploaded.url} alt="" width={String(Math.min(p.uploaded.width, 240))} />
          </p>
          <textarea class="image-code" rows={2} readonly aria-label={s.imageUploaded}>
            {imageTag(p.uploaded)}
          </textarea>
          <p>
            {s.imageUrlLabel}：<code>{p.uploaded.url}</code>
          </p>
        </div>
      ) : (
        <p>{s.imageUploadIntro}</p>
      )}
      <ErrorSummary message={p.error} errors={p.error ? { image: p.error } : undefined} />
      <Form action={IMAGE_UPLOAD} csrf={p.csrf} multipart class="form image-upload-form">
        <div class={p.error ? 'field has-error' : 'field'}>
          <label for="f-imageFile">{s.fieldImage}</label>
          <input id="f-imageFile" type="file" name="imageFile" accept="image/jpeg,image/png,image/webp,image/gif" required />
          <small class="hint">{s.hintImage}</small>
        </div>
        <p class="form-actions">
          <button type="submit" class="btn primary">
            {s.btnUploadImage}
          </button>
        </p>
      </Form>
      <p class="hint">{s.hintPagebreak}</p>
    </>
  );
}

/**
 * 插入图片: `POST /member/articles/images` takes one picture for an article body (members only, CSRF,
 * rate-limited, refused as the form is while 开放投稿 is off, each stored file audited), checks and re-encodes it as covers are (EXIF dropped, at most 1200 px wide) and stores
 * it under images/YYYY/MM/. public/editor.js asks for JSON ({url, width, height}); without JavaScript
 * the same URL is a page that shows the code to paste.
 */
export function registerImageUpload(app: FastifyInstance, deps: ImageUploadDeps): void {
  const closedFor = async (me: Member) => !isStaff(me.role) && !(await deps.settings.get()).submissionsEnabled;
  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    over: { uploaded?: UploadedImage; error?: string; status?: number; closed?: boolean } = {},
  ) =>
    deps.console.member(req, reply, me, {
      title: s.imageUploadTitle,
      current: '/member/articles/',
      body: <ImageUploadPage csrf={deps.console.csrf(req, reply)} {...over} />,
      ...(over.status ? { status: over.status } : {}),
    });

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: COVER_MAX_BYTES, fieldBytes: 4096, fields: 5 });

    scope.get(IMAGE_UPLOAD, async (req, reply) => {
      const me = await deps.guards.member(req);
      return page(req, reply, me, { closed: await closedFor(me) });
    });

    scope.post(IMAGE_UPLOAD, { bodyLimit: 8 * 1024 * 1024 }, async (req, reply) => {
      const json = wantsJson(req);
      // editor.js asks for JSON: a lapsed session is a message it can show, not the log-in page.
      const me = json ? await deps.guards.optional(req) : await deps.guards.member(req);
      if (!me) return reply.code(401).header('cache-control', 'no-store').send({ error: s.editor.imageLoginExpired });
      try {
        // 开放投稿 off: no uploads either (staff excepted, as for the form); nothing is counted or read.
        if (await closedFor(me)) throw new AppError(CLOSED_CODE, s.closed, 403);
        if (!(await deps.rateLimiter.hit(`submissions:image:${me.id}`, IMAGES_PER_WINDOW, IMAGE_WINDOW_MS))) throw new RateLimitedError();
        const { files } = await readForm(req, { files: ['imageFile'] });
        const file = files.imageFile;
        if (!file) throw new ValidationError({ image: s.errImageMissing }, s.errImageMissing);
        const img = await processBodyImage(file.data, file.truncated);
        const { key, url } = await storeBodyImage(deps.storage, deps.clock.now(), img);
        // Who uploaded which file: without the record the picture could not be traced to an account.
        const detail = { key, url, width: img.width, height: img.height, bytes: img.main.length };
        try {
          await deps.audit.record({ actorId: me.id, action: 'submission.image_upload', targetType: 'upload', detail, ip: req.ip });
        } catch (e) {
          await deps.storage.remove(key).catch(() => undefined);
          throw e;
        }
        const uploaded: UploadedImage = { url, width: img.width, height: img.height };
        if (json) return reply.header('cache-control', 'no-store').send(uploaded);
        return page(req, reply, me, { uploaded });
      } catch (e) {
        const closed = isAppError(e) && e.code === CLOSED_CODE;
        if (!isAppError(e) || (!closed && ![413, 422, 429].includes(e.status))) throw e;
        if (json)
          return reply
            .code(e.status)
            .header('cache-control', 'no-store')
            .send({ error: e.message, fields: { image: e.message } });
        return page(req, reply, me, { error: e.message, status: e.status, closed });
      }
    });
  });
}
