import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { urls } from '../../articles/index.ts';
import type { Category, CategoryUsage } from '../../categories/index.ts';
import { format } from '../../../strings/index.ts';
import { categoryOptions, PanelError, s, Total } from '../admin.shared.tsx';

export interface CategoryFormValues {
  slug: string;
  name: string;
  parent: string;
  description: string;
  sortOrder: string;
}

function Rows({ all, parent, depth }: { all: Category[]; parent: number | null; depth: number }): SafeHtml {
  return (
    <>
      {all
        .filter((c) => c.parentId === parent)
        .map((c) => (
          <>
            <tr class={`depth-${Math.min(depth, 3)}`}>
              <td class="tree-name">
                {depth ? <span class="indent">{`${'　'.repeat(depth - 1)}└ `}</span> : null}
                <a href={`/admin/categories/${c.slug}/edit`}>{c.name}</a>
              </td>
              <td>
                <code>{c.slug}</code>
              </td>
              <td class="num">{c.sortOrder}</td>
              <td class="desc">{c.description}</td>
              <td>
                <div class="row-actions">
                  <a class="btn small" href={`/admin/categories/${c.slug}/edit`}>
                    {s.edit}
                  </a>
                  <a class="btn small" href={urls.category(c.slug)} target="_blank" rel="noopener">
                    {s.view}
                  </a>
                  <a class="btn small danger" href={`/admin/categories/${c.slug}/delete`}>
                    {s.delete}
                  </a>
                </div>
              </td>
            </tr>
            {depth < 10 ? <Rows all={all} parent={c.id} depth={depth + 1} /> : null}
          </>
        ))}
    </>
  );
}

export function CategoryListView({ all }: { all: Category[] }): SafeHtml {
  return (
    <div class="admin-categories">
      <p class="toolbar">
        <a class="btn primary" href="/admin/categories/new">
          {s.newCategory}
        </a>
      </p>
      <Total n={all.length} />
      {all.length ? (
        <div class="table-wrap">
          <table class="table tree">
            <thead>
              <tr>
                <th>{s.c.name}</th>
                <th>{s.c.slug}</th>
                <th>{s.c.sortOrder}</th>
                <th>{s.c.description}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              <Rows all={all} parent={null} depth={0} />
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.empty}</p>
      )}
    </div>
  );
}

export function CategoryFormView(p: {
  action: string;
  values: CategoryFormValues;
  errors: FormErrors;
  all: Category[];
  exclude: Set<number>;
  csrf: string;
}): SafeHtml {
  const { values: v, errors: e } = p;
  const parents = [{ value: '', label: s.c.topLevel }, ...categoryOptions(p.all, p.exclude)];
  return (
    <Form action={p.action} csrf={p.csrf}>
      <ErrorSummary message={Object.keys(e).length ? s.formInvalid : undefined} errors={e} />
      <Field name="name" label={s.c.name} value={v.name} error={e.name} required maxlength={64} />
      <Field name="slug" label={s.c.slug} value={v.slug} error={e.slug} hint={s.c.slugHint} required maxlength={63} />
      <Select name="parent" label={s.c.parent} value={v.parent} error={e.parent} options={parents} />
      <TextArea name="description" label={s.c.description} value={v.description} error={e.description} rows={3} maxlength={500} />
      <Field name="sortOrder" type="number" label={s.c.sortOrder} value={v.sortOrder} error={e.sortOrder} hint={s.c.sortHint} />
      <div class="form-actions">
        <button type="submit" class="btn primary">
          {s.save}
        </button>
        <a class="btn" href="/admin/categories/">
          {s.back}
        </a>
      </div>
    </Form>
  );
}

/**
 * Why a category cannot be deleted yet, said before anyone presses the button: its articles (with a
 * link to them), the deleted ones in the 回收站 (with a link to the filtered list, where 移动栏目 moves
 * them) and its subcategories, by name.
 */
export function CategoryBlocked(p: { category: Category; usage: CategoryUsage; error?: string }): SafeHtml {
  const { category: c, usage: u } = p;
  // The counts are the category's own articles (subcategories are listed apart): so is the list linked.
  const inCategory = `/admin/articles/?category=${encodeURIComponent(c.slug)}&own=1`;
  return (
    <section class="panel confirm">
      <PanelError error={p.error} />
      <p>{format(s.deleteCategoryBody, { name: c.name })}</p>
      <p>{s.categoryBlocked}</p>
      <ul class="blocked-reasons">
        {u.articles ? (
          <li>
            {format(s.categoryHasArticles, { n: u.articles })} <a href={inCategory}>{s.categoryArticlesLink}</a>
          </li>
        ) : null}
        {u.deleted ? (
          <li>
            {format(s.categoryHasDeleted, { n: u.deleted })} <a href={`${inCategory}&status=deleted`}>{s.categoryArticlesLink}</a>
          </li>
        ) : null}
        {u.children.length ? <li>{format(s.categoryHasChildren, { names: u.children.map((x) => x.name).join('、') })}</li> : null}
      </ul>
      <div class="form-actions">
        <a class="btn" href="/admin/categories/">
          {s.back}
        </a>
      </div>
    </section>
  );
}
