// The route table: locale-prefixed pages, each loaded on demand so a page ships only its own code.

import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { LOCALES } from './lib/i18n';
import LocaleLayout from './pages/locale-layout';
import LocaleRedirect from './pages/locale-redirect';

const FrontPage = lazy(() => import('./pages/landing/front-page'));
const SigninPage = lazy(() => import('./pages/auth/signin-page'));
const SignupPage = lazy(() => import('./pages/auth/signup-page'));
const SuccessPage = lazy(() => import('./pages/payment-success/success-page'));
const CancelPage = lazy(() => import('./pages/payment-cancel/cancel-page'));
const StudioPage = lazy(() => import('./pages/studio/studio-page'));
const AdminLayout = lazy(() => import('./pages/admin/admin-layout'));
const AdminSearchPage = lazy(() => import('./pages/admin/search-page'));
const AdminUserPage = lazy(() => import('./pages/admin/user-page'));
const AdminEventsPage = lazy(() => import('./pages/admin/events-page'));
const AdminKeysPage = lazy(() => import('./pages/admin/keys-page'));
const AdminAuditPage = lazy(() => import('./pages/admin/audit-page'));
const AdminReconciliationPage = lazy(() => import('./pages/admin/reconciliation-page'));
// The account page and the page shown after deleting an account (site/src/pages/account).
const AccountPage = lazy(() => import('./pages/account/account-page'));
const GoodbyePage = lazy(() => import('./pages/account/goodbye-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const HistoryPage = lazy(() => import('./pages/history/history-page'));

export function App() {
  return (
    <Router>
      <Route path="/:locale" matchFilters={{ locale: [...LOCALES] }} component={LocaleLayout}>
        {/* Signed out: the landing page; signed in: the home dashboard. */}
        <Route path="/" component={FrontPage} />
        <Route path="/signin" component={SigninPage} />
        <Route path="/signup" component={SignupPage} />
        <Route path="/payment/success" component={SuccessPage} />
        <Route path="/payment/cancel" component={CancelPage} />
        <Route path="/studio" component={StudioPage} />
        <Route path="/history" component={HistoryPage} />
        <Route path="/account" component={AccountPage} />
        <Route path="/goodbye" component={GoodbyePage} />
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
