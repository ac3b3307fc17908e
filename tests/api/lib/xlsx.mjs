// A ledger (台账) downloaded as a user: the workbook's first sheet as rows
// of strings, the title, the header and the data rows apart.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';

/** GET /api/v1/ledgers/<name>.xlsx<query> as `client`; { status } unless 200. */
export async function fetchLedger(client, name, query = '') {
  const res = await fetch(`${client.base}/api/v1/ledgers/${name}.xlsx${query}`, { headers: { cookie: client.cookieHeader() } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status };
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const rows = [];
  // Array.from: an empty cell is a hole that map() would skip.
  wb.worksheets[0].eachRow((row) => rows.push(Array.from(row.values.slice(1), (v) => (v == null ? '' : String(v)))));
  return { status: 200, title: rows[0][0], header: rows[1], data: rows.slice(2), count: res.headers.get('x-row-count') };
}
