// Paths without a locale (`/`, an old `/payment/success?…` link): send them under the browser's language.
import { Navigate, useLocation } from '@solidjs/router';
import { pickLocale } from '../lib/i18n';

export default function LocaleRedirect() {
  const location = useLocation();
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  const rest = location.pathname === '/' ? '' : location.pathname;
  return <Navigate href={`/${pickLocale(languages)}${rest}${location.search}${location.hash}`} />;
}
