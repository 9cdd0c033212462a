// The mail catcher's messages: newest first, persisted to a JSON file (when given) on every change so
// a restarted `npm run dev` keeps its inbox; an Idempotency-Key seen before returns the first message.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CaughtMessage {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** ISO-8601, when the catcher accepted it. */
  at: string;
  idempotencyKey: string | null;
}

export interface MessageStore {
  /** Stores a message, or returns the earlier one with the same idempotency key (as Resend does). */
  add(input: Omit<CaughtMessage, 'id' | 'at'>): { message: CaughtMessage; replayed: boolean };
  /** Newest first; only those addressed to `to` (case-insensitive) when given. */
  list(to?: string): CaughtMessage[];
}

export function messageStore(file?: string): MessageStore {
  const messages: CaughtMessage[] = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename: a crash mid-write never leaves a half file that the next start cannot read.
    writeFileSync(`${file}.tmp`, JSON.stringify(messages));
    renameSync(`${file}.tmp`, file);
  };
  return {
    add(input) {
      const earlier = input.idempotencyKey && messages.find((m) => m.idempotencyKey === input.idempotencyKey);
      if (earlier) return { message: earlier, replayed: true };
      const message = { ...input, id: crypto.randomUUID(), at: new Date().toISOString() };
      messages.unshift(message);
      save();
      return { message, replayed: false };
    },
    list(to) {
      const wanted = to?.trim().toLowerCase();
      return wanted ? messages.filter((m) => m.to.some((t) => t.toLowerCase() === wanted)) : [...messages];
    },
  };
}
