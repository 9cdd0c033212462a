// `npm run dev`'s set-up of the farm (tools/dev.sh runs it after the migrations): makes sure the vars
// file has RENDER_FARM_URL and a working RENDER_FARM_API_KEY. The key is made once (the keys CLI's
// own code, in the stack's local D1: PERSIST_TO) and reused while D1 still knows it; a key D1 lost
// (state wiped) or never had is replaced. The secret is written to the file, never printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createKey, keyIsActive, revokeKey } from '../cli/keys';
import { parseDotenv } from '../stripe-emulator/cli-config';

export const KEY_NAME = 'render-farm';

/** `text` with `name=value` set: the existing line replaced, else one appended. */
export function setVar(text: string, name: string, value: string): string {
  const line = `${name}=${value}`;
  const pattern = new RegExp(`^(?:export\\s+)?${name}\\s*=.*$`, 'm');
  if (pattern.test(text)) return text.replace(pattern, line);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

async function main(varsFile: string, farmPort: string): Promise<void> {
  let text = readFileSync(varsFile, 'utf8');
  const vars = parseDotenv(text);
  if (!vars.RENDER_FARM_URL) {
    text = setVar(text, 'RENDER_FARM_URL', `http://127.0.0.1:${farmPort}`);
    console.log(`Added RENDER_FARM_URL to ${varsFile}.`);
  }
  const local = { remote: false };
  const stored = vars.RENDER_FARM_API_KEY;
  if (stored && (await keyIsActive(local, stored))) {
    writeFileSync(varsFile, text);
    console.log(`Render farm: reusing its API key "${KEY_NAME}" from ${varsFile}.`);
    return;
  }
  // An active "render-farm" key whose secret is not in this file can't be used by anyone: replace it.
  let key = await createKey(local, KEY_NAME);
  if (!key) {
    revokeKey(local, KEY_NAME);
    key = await createKey(local, KEY_NAME);
  }
  if (!key) throw new Error(`could not create the "${KEY_NAME}" API key`);
  writeFileSync(varsFile, setVar(text, 'RENDER_FARM_API_KEY', key.secret));
  console.log(`Render farm: created its API key "${KEY_NAME}" (${key.id}) and stored it in ${varsFile}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [varsFile, farmPort = '12120'] = process.argv.slice(2);
  if (!varsFile) {
    console.error('usage: tsx tools/render-farm/dev-vars.ts <vars file> [farm port]');
    process.exit(2);
  }
  await main(varsFile, farmPort).catch((error: unknown) => {
    console.error(`render-farm set-up: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
