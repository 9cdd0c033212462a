// CLI entry: `tsx tools/mail-catcher/main.ts` starts the local mail catcher (MAIL_CATCHER_PORT, default
// 12125; MAIL_CATCHER_STATE_FILE keeps the inbox across restarts) and stops on SIGINT/SIGTERM.
import { startMailCatcher } from './server';

const port = Number(process.env.MAIL_CATCHER_PORT || 12125);
const stateFile = process.env.MAIL_CATCHER_STATE_FILE || undefined;
const catcher = await startMailCatcher({ port, stateFile });
console.log(`Mail catcher ready at ${catcher.url} (inbox at /, JSON at /api/messages?to=…)`);
const stop = () => catcher.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
