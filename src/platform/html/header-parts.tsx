import { h, Fragment, type SafeHtml } from './jsx.ts';
import type { Chrome } from './layout.tsx';

// The header's search box and member links, shared by the desktop and phone layouts.

export function SearchBox({ chrome, mobile }: { chrome: Chrome; mobile?: boolean }): SafeHtml {
  const s = chrome.search;
  if (!s) return <></>;
  return (
    <form class="search-box" action={mobile ? s.mobileAction : s.action} method="get" role="search">
      <input type="search" name="q" maxlength="100" aria-label={s.label} placeholder={s.placeholder} />
      <button type="submit">{s.button}</button>
    </form>
  );
}

export function MemberBar({ chrome }: { chrome: Chrome }): SafeHtml {
  return (
    <span
      class="member-bar"
      data-member-bar
      data-inbox={chrome.memberMenu?.inbox}
      data-inbox-unread={chrome.memberMenu?.inboxUnread}
      data-admin={chrome.memberMenu?.admin}
      data-logout={chrome.memberMenu?.logout}
    >
      {chrome.memberLinks.map((l, i) => (
        <>
          {i > 0 ? ' | ' : null}
          <a href={l.href}>{l.label}</a>
        </>
      ))}
    </span>
  );
}
