import { z } from 'zod';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { format } from '../../strings/index.ts';
import { s } from './admin.shared.tsx';

/** The kind of result 文章管理's batches keep (platform/http/batch-results.ts). */
export const ARTICLE_BATCH_RESULT = 'admin.articles.batch';

/** What the result page of a 文章管理 batch shows: the list it came from, the summary, what was done. */
export const ArticleBatchResult = z.object({
  /** The list's filters (`back`), re-parsed when shown. */
  back: z.string().max(2000),
  /** The summary, with what was skipped and why, or how far it went before an error. */
  message: z.string(),
  /** Titles of the articles the batch changed. */
  done: z.array(z.string()),
  /** It stopped on an error (the rest was not processed). */
  failed: z.boolean(),
});
export type ArticleBatchResult = z.infer<typeof ArticleBatchResult>;

/** Shown above the list the batch came from. */
export function ArticleBatchResultView({ r }: { r: ArticleBatchResult }): SafeHtml {
  return (
    <div class="batch-result" role="status">
      <p class={r.failed ? 'flash error' : 'flash'}>{r.message}</p>
      {r.done.length ? <p>{format(s.batch.doneList, { titles: r.done.map((t) => `《${t}》`).join('') })}</p> : null}
    </div>
  );
}
