import type { FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { DesktopLayout } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { t } from '../../strings/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

/** The path and query of the Referer when it is a page of this site; otherwise undefined. */
function sameSiteReferer(req: FastifyRequest): string | undefined {
  const ref = req.headers.referer;
  if (!ref) return undefined;
  try {
    const u = new URL(ref);
    const own = new URL(`${req.protocol}://${req.host}`).host; // (as URL spells it: no default port)
    return u.host === own && (u.protocol === 'http:' || u.protocol === 'https:') ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
}

/** Fields that hold a password: never written back into a page, even as hidden inputs. */
const SECRET = /pass|pwd|secret|^confirm$|^current$/i;

/**
 * The page shown when a form from a cached page arrives without its CSRF token (JavaScript off):
 * the same submission again, now with the token, one click away. A form with a password in it is
 * not repeated (that would print the password into the page): the visitor is sent back to fill it in.
 */
export function createConfirmPage(chrome: ChromeBuilder) {
  return async (req: FastifyRequest, fields: Record<string, string>, token: string): Promise<string> => {
    const c = await chrome();
    const secret = Object.keys(fields).some((k) => SECRET.test(k));
    if (secret) {
      // Back to the page the form was on (its query may carry what the form needs, e.g. a reset
      // link's token or the log-in's `next`), when the browser says so and it is this site's.
      const back = sameSiteReferer(req) ?? req.url;
      return htmlPage(
        <DesktopLayout chrome={c} head={{ title: `${t.confirmTitle}_${c.siteName}`, robots: 'noindex', private: true }}>
          <div class="confirm-page box">
            <h1>{t.confirmTitle}</h1>
            <p>{t.confirmSecretBody}</p>
            <p>
              <a class="btn primary" href={back}>
                {t.confirmBack}
              </a>
            </p>
          </div>
        </DesktopLayout>,
      );
    }
    return htmlPage(
      <DesktopLayout chrome={c} head={{ title: `${t.confirmTitle}_${c.siteName}`, robots: 'noindex', private: true }}>
        <div class="confirm-page box">
          <h1>{t.confirmTitle}</h1>
          <p>{t.confirmBody}</p>
          <form method="post" action={req.url}>
            <input type="hidden" name="_csrf" value={token} />
            {Object.entries(fields).map(([k, v]) => (
              <input type="hidden" name={k} value={v} />
            ))}
            <button type="submit" class="btn primary">
              {t.confirmButton}
            </button>
          </form>
        </div>
      </DesktopLayout>,
    );
  };
}
