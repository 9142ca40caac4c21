import type { FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { DesktopLayout } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { t } from '../../strings/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

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
    if (secret)
      return htmlPage(
        <DesktopLayout chrome={c} head={{ title: `${t.confirmTitle}_${c.siteName}`, robots: 'noindex' }}>
          <div class="confirm-page box">
            <h1>{t.confirmTitle}</h1>
            <p>{t.confirmSecretBody}</p>
            <p>
              <a class="btn primary" href={req.url}>
                {t.confirmBack}
              </a>
            </p>
          </div>
        </DesktopLayout>,
      );
    return htmlPage(
      <DesktopLayout chrome={c} head={{ title: `${t.confirmTitle}_${c.siteName}`, robots: 'noindex' }}>
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
