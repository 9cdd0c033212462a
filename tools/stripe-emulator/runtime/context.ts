// What one running emulator shares between its routers and its domain functions.
import type { Scheduler } from './scheduler';
import type { EmulatorStore } from './store';
import type { DeliverySettings, WebhookDispatcher } from './webhooks';

export interface EmulatorSettings extends DeliverySettings {
  /** How long a bank transfer stays `processing` before it settles. */
  asyncSettleMs: number;
}

export interface EmulatorContext {
  store: EmulatorStore;
  scheduler: Scheduler;
  webhooks: WebhookDispatcher;
  /** Mutable: POST /_emulator/config changes it while the emulator runs. */
  settings: EmulatorSettings;
  /** Known once the server listens; hosted checkout URLs start with it. */
  baseUrl: string;
  log: (line: string) => void;
  /** Marks the state changed: the state file (if any) is rewritten shortly after. Cheap; call after every change. */
  changed(): void;
}
