// Helpers for the job tests: a core on a temp folder, a generated campaign workbook, and a hash of
// every row of every table (read through a separate connection, as another process would see it).

import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { generatedCampaign } from '../../bench/generate.js';
import { writeCampaignWorkbook } from '../../electron/workbook/write-campaign.js';

export function workbookOf(units: number, name?: string): Buffer {
  const content = generatedCampaign(units);
  return writeCampaignWorkbook(name ? { ...content, name } : content);
}

export function hashRows(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const table of tables) {
      hash.update(`\u0000${table}\u0000`);
      // Sorted as text: some tables are WITHOUT ROWID, and row order is not what is compared.
      const rows = (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
      for (const row of rows) hash.update(row);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
