// Runs once in Node before the workerd tests: the local mail catcher (tools/mail-catcher) on an
// ephemeral port, in memory. Its URL becomes MAIL_API_BASE; tests read what arrived through its
// JSON API (test/mail/support.ts), waiting on the mail itself with `count`.
import type { TestProject } from 'vitest/node';
import { startMailCatcher } from '../../tools/mail-catcher/server';

export default async function setup(project: TestProject) {
  const catcher = await startMailCatcher({ port: 0 });
  project.provide('mailCatcherUrl', catcher.url);
  return () => catcher.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mailCatcherUrl: string;
  }
}
