// SQL for evidence: blobs (one row per SHA-256) and their links to cells (campaign, unit, leaf).
// Like every repository, no transactions here: the evidence service opens them.

import type { Db } from '../db/database.js';

export interface EvidenceRecord {
  id: number;
  campaignId: number;
  unitCode: string;
  criterionCode: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
  addedBy: string;
  addedAt: string;
  /** False while the link is known but its file has not arrived (a member waiting for the evidence bundle). */
  available: boolean;
}

export interface EvidenceLink extends EvidenceRecord {
  unitName: string;
}

export interface NewEvidence {
  campaignId: number;
  unitCode: string;
  criterionCode: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  /** The file's size in bytes (schema 6: the link knows it even before the file is here). */
  size: number;
  addedBy: string;
  addedAt: string;
}

interface Row {
  id: number;
  campaign_id: number;
  unit_code: string;
  criterion_code: string;
  sha256: string;
  original_name: string;
  media_type: string;
  size: number;
  added_by: string;
  added_at: string;
  available: number;
}

const toRecord = (r: Row): EvidenceRecord => ({
  id: r.id,
  campaignId: r.campaign_id,
  unitCode: r.unit_code,
  criterionCode: r.criterion_code,
  sha256: r.sha256,
  fileName: r.original_name,
  mediaType: r.media_type,
  size: r.size,
  addedBy: r.added_by,
  addedAt: r.added_at,
  available: r.available === 1,
});

// A link whose blob row is absent is listed too (schema 6): its file has not arrived yet.
const COLUMNS = `e.id, e.campaign_id, e.unit_code, e.criterion_code, e.sha256, e.original_name, e.media_type, e.size, e.added_by, e.added_at,
  (b.sha256 IS NOT NULL) AS available`;

export class EvidenceRepo {
  private readonly insertBlobStmt;
  private readonly blobExistsStmt;
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly byUnitStmt;
  private readonly byCellStmt;
  private readonly deleteStmt;
  private readonly linksStmt;
  private readonly linkCountStmt;
  private readonly insertFromPackageStmt;
  private readonly packageLinksStmt;
  private readonly localLinksStmt;

  constructor(db: Db) {
    this.insertBlobStmt = db.prepare('INSERT INTO evidence_blob (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
    this.blobExistsStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM evidence_blob WHERE sha256 = ?');
    this.insertStmt = db.prepare<[NewEvidence], { id: number }>(
      `INSERT INTO evidence (campaign_id, unit_code, criterion_code, sha256, original_name, media_type, size, added_by, added_at)
       VALUES (@campaignId, @unitCode, @criterionCode, @sha256, @fileName, @mediaType, @size, @addedBy, @addedAt)
       ON CONFLICT (campaign_id, unit_code, criterion_code, sha256) DO NOTHING
       RETURNING id`,
    );
    this.byIdStmt = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM evidence e LEFT JOIN evidence_blob b USING (sha256) WHERE e.id = ?`);
    this.byUnitStmt = db.prepare<[number, string], Row>(
      `SELECT ${COLUMNS} FROM evidence e LEFT JOIN evidence_blob b USING (sha256)
       WHERE e.campaign_id = ? AND e.unit_code = ? ORDER BY e.criterion_code, e.id`,
    );
    this.byCellStmt = db.prepare<[number, string, string], Row>(
      `SELECT ${COLUMNS} FROM evidence e LEFT JOIN evidence_blob b USING (sha256)
       WHERE e.campaign_id = ? AND e.unit_code = ? AND e.criterion_code = ? ORDER BY e.id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM evidence WHERE id = ?');
    this.linksStmt = db.prepare<[number], Row & { unit_name: string }>(
      `SELECT ${COLUMNS}, u.name AS unit_name FROM evidence e
       LEFT JOIN evidence_blob b USING (sha256)
       JOIN unit u ON u.campaign_id = e.campaign_id AND u.code = e.unit_code
       WHERE e.campaign_id = ? ORDER BY u.position, u.code, e.criterion_code, e.id`,
    );
    this.linkCountStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM evidence WHERE sha256 = ?');
    this.insertFromPackageStmt = db.prepare<[NewEvidence], { id: number }>(
      `INSERT INTO evidence (campaign_id, unit_code, criterion_code, sha256, original_name, media_type, size, added_by, added_at, origin)
       VALUES (@campaignId, @unitCode, @criterionCode, @sha256, @fileName, @mediaType, @size, @addedBy, @addedAt, 'package')
       ON CONFLICT (campaign_id, unit_code, criterion_code, sha256) DO NOTHING
       RETURNING id`,
    );
    this.packageLinksStmt = db.prepare<[number], { id: number; unitCode: string; criterionCode: string; sha256: string; fileName: string; addedBy: string }>(
      `SELECT id, unit_code AS unitCode, criterion_code AS criterionCode, sha256, original_name AS fileName, added_by AS addedBy
       FROM evidence WHERE campaign_id = ? AND origin = 'package'`,
    );
    this.localLinksStmt = db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM evidence e LEFT JOIN evidence_blob b USING (sha256)
       WHERE e.campaign_id = ? AND e.origin = 'local' ORDER BY e.unit_code, e.criterion_code, e.id`,
    );
  }

  /** The links attached on this machine (not brought by a package): what a member's package and bundle carry. */
  localLinks(campaignId: number): EvidenceRecord[] {
    return this.localLinksStmt.all(campaignId).map(toRecord);
  }

  /** Links a cell to a file named by the campaign package (its blob may come later); null when already linked. */
  insertFromPackage(e: NewEvidence): number | null {
    return this.insertFromPackageStmt.get(e)?.id ?? null;
  }

  /** The links a campaign package brought here, for withdrawing those a newer package no longer lists. */
  packageLinks(campaignId: number): Array<{ id: number; unitCode: string; criterionCode: string; sha256: string; fileName: string; addedBy: string }> {
    return this.packageLinksStmt.all(campaignId);
  }

  /** Records a blob once; later calls for the same hash change nothing. */
  insertBlob(sha256: string, size: number, at: string): void {
    this.insertBlobStmt.run(sha256, size, at);
  }

  blobExists(sha256: string): boolean {
    return this.blobExistsStmt.get(sha256) !== undefined;
  }

  /** Links a blob to a cell; null when that cell already has this very content. */
  insert(e: NewEvidence): number | null {
    return this.insertStmt.get(e)?.id ?? null;
  }

  get(id: number): EvidenceRecord | undefined {
    const row = this.byIdStmt.get(id);
    return row ? toRecord(row) : undefined;
  }

  listByUnit(campaignId: number, unitCode: string): EvidenceRecord[] {
    return this.byUnitStmt.all(campaignId, unitCode).map(toRecord);
  }

  listByCell(campaignId: number, unitCode: string, criterionCode: string): EvidenceRecord[] {
    return this.byCellStmt.all(campaignId, unitCode, criterionCode).map(toRecord);
  }

  /** Every link of a campaign with its unit's name, in unit then criterion order. */
  linksOfCampaign(campaignId: number): EvidenceLink[] {
    return this.linksStmt.all(campaignId).map((r) => ({ ...toRecord(r), unitName: r.unit_name }));
  }

  /** Removes a link; the blob row and file stay (other cells or campaigns may use them). */
  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  linkCount(sha256: string): number {
    return this.linkCountStmt.get(sha256)?.n ?? 0;
  }
}
