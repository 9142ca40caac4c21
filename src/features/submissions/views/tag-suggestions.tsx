import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { t } from '../../../strings/index.ts';

const s = t.submissions;

export interface TagSuggestionsProps {
  /** Suggested tags, best first; undefined when there was no text to suggest from yet. */
  tags: string[] | undefined;
  /** The submit button that renders the form again with fresh suggestions (works without JS);
   *  public/tag-suggest.js turns it into an in-place refresh through the JSON endpoint. */
  refresh: { name: string; value: string };
}

/**
 * 推荐标签 under the tags field. Without JavaScript the suggestions are plain text the author can
 * copy; public/tag-suggest.js makes each one a button that adds it to the tags field.
 */
export function TagSuggestions(p: TagSuggestionsProps): SafeHtml {
  return (
    <>
      <div
        class="tag-suggestions"
        data-tag-suggestions="f-tags"
        data-endpoint="/member/articles/suggest-tags"
        data-added={s.suggestAdded}
        data-add={s.suggestAdd}
      >
        <span class="tag-suggestions-label">{s.suggestedTags}</span>
        <span class="tag-chips" data-tag-chips data-empty={s.suggestEmpty}>
          {p.tags === undefined ? (
            <span class="hint">{s.suggestNone}</span>
          ) : p.tags.length ? (
            p.tags.map((tag, i) => (
              <>
                {i ? '、' : ''}
                <span class="tag-chip" data-tag={tag}>
                  {tag}
                </span>
              </>
            ))
          ) : (
            <span class="hint">{s.suggestEmpty}</span>
          )}
        </span>{' '}
        <button type="submit" name={p.refresh.name} value={p.refresh.value} class="btn small" data-suggest-refresh formnovalidate>
          {p.tags?.length ? s.suggestRefreshBtn : s.suggestTagsBtn}
        </button>
      </div>
      <script src={assetUrl('tag-suggest.js')} defer></script>
    </>
  );
}
