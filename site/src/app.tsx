// The route table: locale-prefixed pages, each loaded on demand (with retries, lib/lazy-page.ts) so a page ships only its own code.

import { Route, Router } from '@solidjs/router';
import { LOCALES } from './lib/i18n';
import { lazyPage } from './lib/lazy-page';
import LocaleLayout from './pages/locale-layout';
import LocaleRedirect from './pages/locale-redirect';

const HomePage = lazyPage(() => import('./pages/home/home-page'));
const SigninPage = lazyPage(() => import('./pages/auth/signin-page'));
const SignupPage = lazyPage(() => import('./pages/auth/signup-page'));
const SuccessPage = lazyPage(() => import('./pages/payment-success/success-page'));
const CancelPage = lazyPage(() => import('./pages/payment-cancel/cancel-page'));
const StudioPage = lazyPage(() => import('./pages/studio/studio-page'));
const AdminLayout = lazyPage(() => import('./pages/admin/admin-layout'));
const AdminSearchPage = lazyPage(() => import('./pages/admin/search-page'));
const AdminUserPage = lazyPage(() => import('./pages/admin/user-page'));
const AdminEventsPage = lazyPage(() => import('./pages/admin/events-page'));
const AdminKeysPage = lazyPage(() => import('./pages/admin/keys-page'));
const AdminAuditPage = lazyPage(() => import('./pages/admin/audit-page'));
const AdminReconciliationPage = lazyPage(() => import('./pages/admin/reconciliation-page'));
const NotFoundPage = lazyPage(() => import('./pages/not-found-page'));

export function App() {
  return (
    <Router>
      <Route path="/:locale" matchFilters={{ locale: [...LOCALES] }} component={LocaleLayout}>
        <Route path="/" component={HomePage} />
        <Route path="/signin" component={SigninPage} />
        <Route path="/signup" component={SignupPage} />
        <Route path="/payment/success" component={SuccessPage} />
        <Route path="/payment/cancel" component={CancelPage} />
        <Route path="/studio" component={StudioPage} />
        <Route path="/admin" component={AdminLayout}>
          <Route path="/" component={AdminSearchPage} />
          <Route path="/users/:id" component={AdminUserPage} />
          <Route path="/events" component={AdminEventsPage} />
          <Route path="/keys" component={AdminKeysPage} />
          <Route path="/audit" component={AdminAuditPage} />
          <Route path="/reconciliation" component={AdminReconciliationPage} />
        </Route>
        <Route path="*" component={NotFoundPage} />
      </Route>
      <Route path="/" component={LocaleRedirect} />
      <Route path="*" component={LocaleRedirect} />
    </Router>
  );
}
