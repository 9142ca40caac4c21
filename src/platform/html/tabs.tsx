import { h, type Child, type SafeHtml } from './jsx.ts';

export interface Tab {
  href: string;
  label: Child;
  current?: boolean;
}

/**
 * A row of tabs (status filters, periods, ranking windows): the current tab as text marked
 * `aria-current`, the others as links. `caption` prints a label before them ("时间：").
 */
export function Tabs({ label, tabs, caption }: { label: string; tabs: Tab[]; caption?: string }): SafeHtml {
  return (
    <nav class="tabs" aria-label={label}>
      {caption ? <span class="tabs-label">{caption}：</span> : null}
      {tabs.map((tab) =>
        tab.current ? (
          <strong class="current" aria-current="page">
            {tab.label}
          </strong>
        ) : (
          <a href={tab.href}>{tab.label}</a>
        ),
      )}
    </nav>
  );
}
