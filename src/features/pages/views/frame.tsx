import { h, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head, type Link } from '../../../platform/html/layout.tsx';
import { Breadcrumb } from '../../articles/index.ts';

/** The common frame of the site-information pages: layout, breadcrumb, main column and optional sidebar. */
export function Frame(props: { mobile: boolean; chrome: Chrome; head: Head; switchHref: string; crumbs: Link[]; side?: SafeHtml; children?: Child }): SafeHtml {
  const { mobile, chrome, head } = props;
  if (mobile) {
    return (
      <MobileLayout chrome={chrome} head={head} desktopHref={props.switchHref}>
        <Breadcrumb crumbs={props.crumbs} mobile />
        {props.children}
        {props.side}
      </MobileLayout>
    );
  }
  return (
    <DesktopLayout chrome={chrome} head={head} mobileHref={props.switchHref}>
      <Breadcrumb crumbs={props.crumbs} />
      {props.side ? (
        <div class="two-col">
          <div class="col-main">{props.children}</div>
          <aside class="col-side">{props.side}</aside>
        </div>
      ) : (
        props.children
      )}
    </DesktopLayout>
  );
}
