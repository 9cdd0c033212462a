// Caps request bodies before anything reads them: 64 KiB for the JSON API (the webhook sets 1 MB).
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../errors';

export const JSON_BODY_LIMIT = 64 * 1024;
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw payloadTooLarge(maxSize);
    },
  });
}
