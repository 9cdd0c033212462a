// @creditcast/client: a user's live Creditcast balance in any page — connectBalance() and the
// <creditcast-balance> element, which importing this module defines.
import { defineCreditcastBalance } from './element';

export type { Balance, LiveChange, PolledBalance } from './balance-rules';
export { applyBalanceMessage, applyPolledBalance, pollDelay, sameBalance } from './balance-rules';
export { connectBalance } from './connect';
export { balanceText, CHANGE_EVENT, defineCreditcastBalance, ELEMENT_NAME, fetchToken } from './element';
export type { LiveStatus } from './live-status';
export type { SocketFactory, SocketLike } from './socket';
export type { TokenAnswer } from './token';
export type { BalanceConnection, BalanceState, ConnectOptions, LiveEvents } from './types';

defineCreditcastBalance();
