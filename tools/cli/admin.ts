// `npm run admin -- grant <email> [--remote]` makes a user an operator; `revoke <email>` undoes it
// (their next request is refused: the role is read with every session). Local D1 by default.
import { d1, fail, literal, parseArgs } from './d1';

export function main(argv: string[]): void {
  const { words, target } = parseArgs(argv);
  const [command, rawEmail] = words;
  const email = rawEmail?.trim().toLowerCase();
  if ((command !== 'grant' && command !== 'revoke') || !email) {
    fail('usage: npm run admin -- grant <email> | revoke <email>  [--remote]');
  }
  const role = command === 'grant' ? 'operator' : 'user';
  // The audit row and the change in one call, the row first (it sees the role before the change):
  // a failure cannot leave a role changed without its audit row.
  const [, changed = []] = d1(target, [
    `INSERT INTO audit_log (actor, action, target, detail) SELECT 'cli', ${literal(`role.${command}`)}, id, ${literal(JSON.stringify({ email, role }))} FROM users WHERE email = ${literal(email)} AND role <> ${literal(role)}`,
    `UPDATE users SET role = ${literal(role)} WHERE email = ${literal(email)} AND role <> ${literal(role)} RETURNING id`,
  ]);
  if (changed.length === 0) {
    const [found = []] = d1(target, [`SELECT role FROM users WHERE email = ${literal(email)}`]);
    if (found.length === 0) fail(`No user with the email ${email}. They must sign up first.`);
    console.log(`${email} is already ${role === 'operator' ? 'an operator' : 'not an operator'}.`);
    return;
  }
  console.log(command === 'grant' ? `${email} is now an operator: /en/admin` : `${email} is no longer an operator.`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
