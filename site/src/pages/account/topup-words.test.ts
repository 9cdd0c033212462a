// Specifies the pause sentences: each says what ends that pause (worker/autotopup/settings.ts:
// saving a card ends an authentication or decline pause; the month's limit ends on the 1st or with a
// save), in both languages, and none asks to "turn it back on" (it is still on while paused).
import { describe, expect, it } from 'vitest';
import en from './account-i18n.en';
import zh from './account-i18n.zh';

describe('auto top-up pause sentences', () => {
  it('authentication: buying the pack on-session or saving the card again', () => {
    expect(en.topup_status_paused_authentication).toMatch(/^Paused: your bank wants you to confirm this card\./);
    expect(en.topup_status_paused_authentication).toContain('Buying the pack once');
    expect(en.topup_status_paused_authentication).toContain('saving the card again ends the pause');
    expect(zh.topup_status_paused_authentication).toContain('重新保存银行卡，即可解除暂停');
  });

  it('declines: saving a card, or saving the settings with auto top-up on', () => {
    expect(en.topup_status_paused_declined).toContain('Saving a card (another one, or this one again) ends the pause');
    expect(en.topup_status_paused_declined).toContain('saving these settings with auto top-up on');
    expect(zh.topup_status_paused_declined).toContain('保存银行卡（另一张，或重新保存这张）即可解除暂停');
  });

  it('the limit: the 1st (UTC), or a higher limit saved', () => {
    expect(en.topup_status_paused_limit).toContain('Paused until the 1st (UTC)');
    expect(en.topup_status_paused_limit).toContain('Raising the limit below and saving');
    expect(zh.topup_status_paused_limit).toContain('提高上限并保存');
  });

  it('no pause asks the user to turn auto top-up back on', () => {
    for (const words of [en, zh])
      for (const key of ['topup_status_paused_authentication', 'topup_status_paused_declined'] as const)
        expect(words[key]).not.toMatch(/back on|重新开启/);
  });
});
