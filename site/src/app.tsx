// The route table: locale-prefixed pages, each loaded on demand (with retries, lib/lazy-page.ts) so a page ships only its own code.

import { Route, Router } from '@solidjs/router';
import { LOCALES } from './lib/i18n';
import { lazyPage } from './lib/lazy-page';
import LocaleLayout from './pages/locale-layout';
import LocaleRedirect from './pages/locale-redirect';

const FrontPage = lazyPage(() => import('./pages/landing/front-page'));
const SigninPage = lazyPage(() => import('./pages/auth/signin-page'));
const SignupPage = lazyPage(() => import('./pages/auth/signup-page'));
const ForgotPasswordPage = lazyPage(() => import('./pages/auth/forgot-password-page'));
const ResetPasswordPage = lazyPage(() => import('./pages/auth/reset-password-page'));
const ConfirmEmailPage = lazyPage(() => import('./pages/auth/confirm-email-page'));
const SuccessPage = lazyPage(() => import('./pages/payment-success/success-page'));
const CancelPage = lazyPage(() => import('./pages/payment-cancel/cancel-page'));
const StudioPage = lazyPage(() => import('./pages/studio/studio-page'));
const AdminLayout = lazyPage(() => import('./pages/admin/admin-layout'));
const AdminSearchPage = lazyPage(() => import('./pages/admin/search-page'));
const AdminUserPage = lazyPage(() => import('./pages/admin/user-page'));
const AdminViewAsPage = lazyPage(() => import('./pages/admin/view-as-page'));
const AdminEventsPage = lazyPage(() => import('./pages/admin/events-page'));
const AdminKeysPage = lazyPage(() => import('./pages/admin/keys-page'));
const AdminWebhooksPage = lazyPage(() => import('./pages/admin/webhooks-page'));
const AdminAuditPage = lazyPage(() => import('./pages/admin/audit-page'));
const AdminReconciliationPage = lazyPage(() => import('./pages/admin/reconciliation-page'));
// The account page and the page shown after deleting an account (site/src/pages/account).
const AccountPage = lazyPage(() => import('./pages/account/account-page'));
const GoodbyePage = lazyPage(() => import('./pages/account/goodbye-page'));
const HistoryPage = lazyPage(() => import('./pages/history/history-page'));
const NotFoundPage = lazyPage(() => import('./pages/not-found-page'));

export function App() {
  return (
    <Router>
      <Route path="/:locale" matchFilters={{ locale: [...LOCALES] }} component={LocaleLayout}>
        {/* Signed out: the landing page; signed in: the home dashboard. */}
        <Route path="/" component={FrontPage} />
        <Route path="/signin" component={SigninPage} />
        <Route path="/signup" component={SignupPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route path="/confirm-email" component={ConfirmEmailPage} />
        <Route path="/payment/success" component={SuccessPage} />
        <Route path="/payment/cancel" component={CancelPage} />
        <Route path="/studio" component={StudioPage} />
        <Route path="/history" component={HistoryPage} />
        <Route path="/account" component={AccountPage} />
        <Route path="/goodbye" component={GoodbyePage} />
        <Route path="/admin" component={AdminLayout}>
          <Route path="/" component={AdminSearchPage} />
          <Route path="/users/:id" component={AdminUserPage} />
          <Route path="/users/:id/as-user" component={AdminViewAsPage} />
          <Route path="/events" component={AdminEventsPage} />
          <Route path="/keys" component={AdminKeysPage} />
          <Route path="/webhooks" component={AdminWebhooksPage} />
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
