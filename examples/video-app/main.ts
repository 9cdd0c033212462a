// Starts VideoApp: `CREDITCAST_API_KEY=cck_… tsx examples/video-app/main.ts` (`npm run example`
// makes the key for you first: dev.ts). Listens on 127.0.0.1:$VIDEO_APP_PORT (default 8600).
import { readConfig } from './config';
import { createApp } from './server';

const config = readConfig();
const server = createApp(config);
server.listen(config.port, '127.0.0.1', () => {
  console.log(`VideoApp on ${config.origin} (credits by ${config.creditcastUrl})`);
});
// A harness (or Ctrl-C) stops it; close() lets requests in flight finish.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
