import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { Pagination, formatDateTime, urls, type AdminArticleRow } from '../../articles/index.ts';
import type { Category } from '../../categories/index.ts';
import { EDITABLE_STATUSES } from '../admin.articles.form.ts';
import { backOf, listUrl, queryFromBack, type ArticleListQuery } from '../admin.articles.query.ts';
import { format } from '../../../strings/index.ts';
import { BATCH_MAX } from '../admin.articles.batch.ts';
import type { ArticleDetail } from '../../articles/index.ts';
import { categoryOptions, s, Total } from '../admin.shared.tsx';

export interface ArticleListData {
  query: ArticleListQuery;
  rows: AdminArticleRow[];
  total: number;
  pages: number;
  categories: Category[];
  csrf: string;
  now: string;
  error?: string;
  /** A batch's result (its page after the POST: admin.articles.batch-run.tsx). */
  result?: SafeHtml;
  /** 彻底删除 is offered to admins only. */
  isAdmin?: boolean;
}

function Filters({ q, categories }: { q: ArticleListQuery; categories: Category[] }): SafeHtml {
  return (
    <form method="get" action="/admin/articles/" class="filters" role="search">
      <label>
        <span>{s.status}</span>
        <select name="status">
          <option value="">{s.all}</option>
          {EDITABLE_STATUSES.map((st) => (
            <option value={st} selected={q.status === st}>
              {s.statuses[st]}
            </option>
          ))}
          <option value="scheduled" selected={q.status === 'scheduled'}>
            {s.scheduled}
          </option>
          <option value="deleted" selected={q.status === 'deleted'}>
            {s.trash}
          </option>
        </select>
      </label>
      <label>
        <span>{s.category}</span>
        <select name="category">
          <option value="">{s.allCategories}</option>
          {categoryOptions(categories).map((o) => (
            <option value={o.value} selected={q.category === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="own" value="1" checked={q.own} />
        <span>{s.ownCategoryOnly}</span>
      </label>
      <label>
        <span>{s.recommendLevel}</span>
        <select name="level">
          <option value="">{s.anyLevel}</option>
          {s.levels.map((l, i) => (
            <option value={String(i)} selected={q.level === String(i)}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label class="grow">
        <span>{s.searchAny}</span>
        <input type="search" name="q" value={q.q} maxlength={100} />
      </label>
      <label>
        <span>{s.authorFilter}</span>
        <input type="text" name="author" value={q.author} maxlength={32} />
      </label>
      <button type="submit" class="btn primary">
        {s.filter}
      </button>
      <a class="btn" href="/admin/articles/">
        {s.reset}
      </a>
    </form>
  );
}

function StatusBadge({ r, now }: { r: AdminArticleRow; now: string }): SafeHtml {
  const scheduled = r.status === 'published' && r.publishedAt !== null && r.publishedAt > now;
  return <span class={`status status-${scheduled ? 'scheduled' : r.status}`}>{scheduled ? s.scheduled : (s.statuses[r.status] ?? r.status)}</span>;
}

function LevelForm({ r, csrf, back }: { r: AdminArticleRow; csrf: string; back: string }): SafeHtml {
  return (
    <form method="post" action={`/admin/articles/${r.id}/recommend`} class="inline quick">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="back" value={back} />
      <select name="level" aria-label={`${s.recommendLevel} ${r.id}`}>
        {s.levels.map((l, i) => (
          <option value={String(i)} selected={r.recommendLevel === i}>
            {l}
          </option>
        ))}
      </select>
      <button type="submit" class="btn small">
        {s.setLevel}
      </button>
    </form>
  );
}

function VerifyToggle({ r, csrf, back }: { r: AdminArticleRow; csrf: string; back: string }): SafeHtml {
  return (
    <div class="row-actions">
      <span class={r.verified ? 'status status-approved' : 'status'}>{r.verified ? s.verified : s.notVerified}</span>
      <ActionButton
        action={`/admin/articles/${r.id}/verify`}
        csrf={csrf}
        fields={{ verified: r.verified ? '0' : '1', back }}
        label={r.verified ? s.unmarkVerified : s.markVerified}
        class="btn small"
      />
    </div>
  );
}

/** The operations on articles outside the 回收站. */
function LiveOps(): SafeHtml {
  return (
    <>
      {s.levels.map((l, i) => (
        <option value={`level:${i}`}>{format(s.batch.level, { level: l })}</option>
      ))}
      <option value="verify">{s.batch.verify}</option>
      <option value="unverify">{s.batch.unverify}</option>
      <option value="publish">{s.batch.publish}</option>
      <option value="unpublish">{s.batch.unpublish}</option>
      <option value="delete">{s.batch.remove}</option>
    </>
  );
}

/** The 回收站 takes only these (besides 移动栏目). */
function TrashOps({ isAdmin }: { isAdmin: boolean }): SafeHtml {
  return (
    <>
      <option value="restore">{s.batch.restore}</option>
      <option value="restore-publish">{s.batch.restorePublish}</option>
      {isAdmin ? <option value="purge">{s.batch.purge}</option> : null}
    </>
  );
}

/** The batch bar: the rows' checkboxes belong to this form through their `form` attribute (no nested forms). */
function BatchBar({ d, back }: { d: ArticleListData; back: string }): SafeHtml {
  return (
    <form method="post" action="/admin/articles/batch" id="batch" class="batch-bar filters">
      <input type="hidden" name="_csrf" value={d.csrf} />
      <input type="hidden" name="back" value={back} />
      <label>
        <span>{s.batch.op}</span>
        <select name="op" required>
          <option value="">{s.batch.choose}</option>
          <option value="move">{s.batch.move}</option>
          {d.query.status === 'deleted' ? <TrashOps isAdmin={d.isAdmin === true} /> : <LiveOps />}
        </select>
      </label>
      <label>
        <span>{s.batch.target}</span>
        <select name="category">
          <option value="">—</option>
          {categoryOptions(d.categories).map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      </label>
      <button type="submit" class="btn">
        {s.batch.apply}
      </button>
      <span class="muted">{format(s.batch.hint, { max: String(BATCH_MAX) })}</span>
    </form>
  );
}

/**
 * A batch action that asks first (批量删除, 彻底删除): the articles named, a note on what happens, each id
 * carried to the confirming post with `confirm=1`.
 */
export function BatchConfirm(p: {
  rows: ArticleDetail[];
  csrf: string;
  back: string;
  op: string;
  question: string;
  note: string;
  noteClass: 'muted' | 'error';
  button: string;
}): SafeHtml {
  return (
    <section class="panel confirm">
      <p>{p.question}</p>
      <ul class="batch-titles">
        {p.rows.map((a) => (
          <li>
            #{a.id} {a.title}
          </li>
        ))}
      </ul>
      <p class={p.noteClass}>{p.note}</p>
      <form method="post" action="/admin/articles/batch" class="form-actions">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="back" value={p.back} />
        <input type="hidden" name="op" value={p.op} />
        <input type="hidden" name="confirm" value="1" />
        {p.rows.map((a) => (
          <input type="hidden" name="ids" value={String(a.id)} />
        ))}
        <button type="submit" class="btn danger">
          {p.button}
        </button>
        <a class="btn" href={listUrl(queryFromBack(p.back))}>
          {s.cancel}
        </a>
      </form>
    </section>
  );
}

/** 批量删除 (to 回收站). */
export function BatchDeleteConfirm({ rows, csrf, back }: { rows: ArticleDetail[]; csrf: string; back: string }): SafeHtml {
  const question = format(s.batch.confirmBody, { n: String(rows.length) });
  return <BatchConfirm rows={rows} csrf={csrf} back={back} op="delete" question={question} note={s.deleteToTrash} noteClass="muted" button={s.confirmDelete} />;
}

export function ArticleListView({ d }: { d: ArticleListData }): SafeHtml {
  const catName = new Map(d.categories.map((c) => [c.id, c.name]));
  const back = backOf(d.query);
  return (
    <div class="admin-articles">
      <p class="toolbar">
        <a class="btn primary" href="/admin/articles/new">
          {s.newArticle}
        </a>
      </p>
      <Filters q={d.query} categories={d.categories} />
      {d.error ? (
        <div class="flash error" role="alert">
          {d.error}
        </div>
      ) : null}
      {d.result ?? null}
      <Total n={d.total} />
      {d.rows.length ? <BatchBar d={d} back={back} /> : null}
      {d.rows.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>
                  {/* 全选: shown and wired by admin-articles.js; without JavaScript each row is ticked by hand. */}
                  <input type="checkbox" class="select-all" data-select-all="ids" hidden aria-label={s.batch.selectAll} /> {s.batch.select}
                </th>
                <th>{s.id}</th>
                <th>{s.f.title}</th>
                <th>{s.status}</th>
                <th>{s.recommendLevel}</th>
                <th>{s.verified}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr>
                  <td>
                    <input type="checkbox" name="ids" value={String(r.id)} form="batch" aria-label={format(s.batch.selectRow, { id: String(r.id) })} />
                  </td>
                  <td class="num">{r.id}</td>
                  <td class="title">
                    {r.status === 'deleted' ? <span>{r.title}</span> : <a href={`/admin/articles/${r.id}/edit`}>{r.title}</a>}
                    {r.status === 'published' && r.publishedAt && r.publishedAt <= d.now ? (
                      <a class="view" href={urls.article(r.id)} target="_blank" rel="noopener">
                        {s.view}
                      </a>
                    ) : (
                      <a class="view" href={`/admin/articles/${r.id}/preview`} target="_blank" rel="noopener">
                        {s.preview}
                      </a>
                    )}
                    <div class="meta">
                      {catName.get(r.categoryId) ?? ''} · {r.authorName}
                      {r.publishedAt ? ` · ${formatDateTime(r.publishedAt)}` : ''}
                    </div>
                  </td>
                  <td>
                    <StatusBadge r={r} now={d.now} />
                  </td>
                  <td>{r.status === 'deleted' ? (s.levels[r.recommendLevel] ?? '') : <LevelForm r={r} csrf={d.csrf} back={back} />}</td>
                  <td>{r.status === 'deleted' ? r.verified ? s.verified : s.notVerified : <VerifyToggle r={r} csrf={d.csrf} back={back} />}</td>
                  <td>
                    {r.status === 'deleted' ? (
                      <div class="row-actions">
                        <ActionButton action={`/admin/articles/${r.id}/restore`} csrf={d.csrf} fields={{ back }} label={s.batch.restore} class="btn small" />
                        <ActionButton
                          action={`/admin/articles/${r.id}/restore`}
                          csrf={d.csrf}
                          fields={{ back, publish: '1' }}
                          label={s.batch.restorePublish}
                          class="btn small"
                        />
                      </div>
                    ) : (
                      <div class="row-actions">
                        <a class="btn small" href={`/admin/articles/${r.id}/edit`}>
                          {s.edit}
                        </a>
                        <a class="btn small danger" href={`/admin/articles/${r.id}/delete`}>
                          {s.delete}
                        </a>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.empty}</p>
      )}
      <Pagination page={d.query.page} pages={d.pages} urlFor={(n) => listUrl(d.query, { page: n })} />
      {d.rows.length ? <script src={assetUrl('admin-articles.js')} defer></script> : null}
    </div>
  );
}

export const deleteArticleMessage = (title: string) => format(s.deleteArticleBody, { title });
