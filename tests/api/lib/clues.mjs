// Clue inputs shared by the clue-side test files (clues, clue-reports,
// clue-reviews, ledgers).
import { expectStatus } from './server.mjs';

const shanghai = () => new Date(Date.now() + 8 * 3600e3);
export const YEAR = shanghai().getUTCFullYear();
export const TODAY = shanghai().toISOString().slice(0, 10);
export const PREV_MONTH = (() => {
  const d = shanghai();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
})();
export const THIS_MONTH = TODAY.slice(0, 7);
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const villager = (over = {}) => ({ name: '赵永福', unit_name: '东关社区居委会', post: '社区主任', cadre_level: 'village_cadre', party_member: true, ...over });

export function clue(over = {}) {
  return {
    source: 'supervision',
    summary: '东关社区集体资金使用不规范',
    content: '日常监督中发现东关社区2025年集体资金支出缺少民主决策程序。',
    category: 'mass',
    received_day: TODAY,
    persons: [villager()],
    ...over,
  };
}

/** POST a clue action, asserting the status; returns the body. */
export async function act(client, id, body, status = 200) {
  const r = await client.post(`/clues/${id}/actions`, body);
  expectStatus(r, status, `${body.action}`);
  return r.body;
}

/** Usernames of the clue files: u_<key in lower case>. */
export const clueUsername = (key) => `u_${key.toLowerCase()}`;
