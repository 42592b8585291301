// Evidence use cases (tài liệu kiểm chứng): attach files to a (unit, sub-criterion) cell from a path
// or a chunked upload, import a unit's bundle, list, remove, preview streams and the integrity check.
// Files stream into the store first (async, outside any transaction); the rows that link them are
// then written in one transaction, and a failure removes the blobs this operation created.

import { copyFile, mkdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { buildTree, type CriteriaTree, type TreeNode } from '../../shared/calc.js';
import type {
  BundleImportResult,
  EvidenceGroup,
  EvidenceItem,
  EvidenceMeta,
  EvidenceUnitList,
  IntegrityProblem,
  IntegrityReport,
  UploadProgress,
  UploadStarted,
} from '../../shared/contract.js';
import { AppError, type ImportIssue } from '../../shared/errors.js';
import { openBundle, type CriterionClass } from '../evidence/bundle.js';
import { checkEvidenceContent } from '../evidence/content.js';
import { DEFAULT_LIMITS, formatBytes, MAX_CHUNK_BYTES, type EvidenceLimits } from '../evidence/limits.js';
import { isPreviewable, mediaTypeOf } from '../evidence/media.js';
import { cleanFileName, displayName, fileNameProblem } from '../evidence/names.js';
import { EvidenceStore, syncFile, type PutResult } from '../evidence/store.js';
import { UploadManager, type CompletedUpload } from '../evidence/uploads.js';
import type { EvidenceRecord, EvidenceRepo } from '../repos/evidence-repo.js';
import type { Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import { requireCriterion, requireUnit } from './lookups.js';

export interface EvidenceServiceOptions {
  /** The app's data folder: blobs go to <dataDir>/evidence. */
  dataDir: string;
  limits?: Partial<EvidenceLimits>;
}

/** An open evidence file, ready to be served (browser host) or answered (Electron protocol). */
export interface EvidenceStream {
  stream: Readable;
  mediaType: string;
  previewable: boolean;
  /** Size of the whole file. */
  size: number;
  fileName: string;
  /** The byte range served, when one was asked for. */
  range: { start: number; end: number } | null;
}

interface Staged {
  put: PutResult;
  criterionCode: string;
  fileName: string;
}

export class EvidenceService {
  readonly limits: EvidenceLimits;
  readonly store: EvidenceStore;
  readonly uploads: UploadManager;
  private readonly repo: EvidenceRepo;

  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly options: EvidenceServiceOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
    this.store = new EvidenceStore(options.dataDir);
    this.uploads = new UploadManager(this.store, this.limits);
    this.repo = r.evidence;
    // Temp files of a run that ended abruptly (a crash, a killed process) are swept once they are stale.
    this.store.sweepTemps(this.limits.uploadIdleMs);
  }

  dispose(): void {
    this.uploads.dispose();
  }

  // ── Reading ────────────────────────────────────────────────────────────────────────────────

  list(campaignId: number, unitCode: string): EvidenceUnitList {
    this.campaigns.require(campaignId);
    this.requireUnit(campaignId, unitCode);
    const tree = this.tree(campaignId, unitCode);
    const groups = new Map<string, EvidenceItem[]>();
    let totalBytes = 0;
    for (const rec of this.repo.listByUnit(campaignId, unitCode)) {
      let items = groups.get(rec.criterionCode);
      if (!items) groups.set(rec.criterionCode, (items = []));
      items.push(toItem(rec));
      totalBytes += rec.size;
    }
    const position = (code: string) => tree.byCode.get(code)?.criterion.position ?? Number.MAX_SAFE_INTEGER;
    const criteria: EvidenceGroup[] = [...groups.entries()]
      .sort(([a], [b]) => position(a) - position(b))
      .map(([criterionCode, items]) => ({ criterionCode, items }));
    return { campaignId, unitCode, criteria, fileCount: criteria.reduce((n, g) => n + g.items.length, 0), totalBytes };
  }

  cell(campaignId: number, unitCode: string, criterionCode: string): EvidenceItem[] {
    return this.repo.listByCell(campaignId, unitCode, criterionCode).map(toItem);
  }

  meta(evidenceId: number): EvidenceMeta {
    const rec = this.requireRecord(evidenceId);
    return {
      id: rec.id,
      campaignId: rec.campaignId,
      unitCode: rec.unitCode,
      criterionCode: rec.criterionCode,
      fileName: rec.fileName,
      mediaType: rec.mediaType,
      previewable: isPreviewable(rec.mediaType),
      size: rec.size,
      sha256: rec.sha256,
      available: rec.available,
    };
  }

  /**
   * Opens a stored file for reading. Only blobs of the store are ever opened (the path comes from
   * the hash, never from a name); a blob missing or of the wrong size is refused, not served.
   */
  openEvidenceStream(evidenceId: number, range?: { start: number; end: number }): EvidenceStream {
    const rec = this.requireRecord(evidenceId);
    if (!rec.available) throw notArrived(rec.fileName);
    const onDisk = this.store.sizeOf(rec.sha256);
    if (onDisk === null) {
      throw new AppError('not_found', 'evidence.fileMissing', { fileName: rec.fileName });
    }
    if (onDisk !== rec.size) {
      throw new AppError('conflict', 'evidence.fileChanged', { fileName: rec.fileName });
    }
    if (range && !(range.start >= 0 && range.start <= range.end && range.end < rec.size)) {
      throw new AppError('out_of_range', 'evidence.rangeOutside', { start: range.start, end: range.end, fileName: rec.fileName, size: rec.size });
    }
    return {
      stream: this.store.openRead(rec.sha256, range),
      mediaType: rec.mediaType,
      previewable: isPreviewable(rec.mediaType),
      size: rec.size,
      fileName: rec.fileName,
      range: range ?? null,
    };
  }

  /**
   * A copy of a stored file under its own name, for "open with the system's app" after the user
   * agreed: only store content is ever handed to another program.
   */
  async copyForOpening(evidenceId: number): Promise<string> {
    const rec = this.requireRecord(evidenceId);
    if (!rec.available) throw notArrived(rec.fileName);
    if (!this.store.exists(rec.sha256)) throw new AppError('not_found', 'evidence.fileGone', { fileName: rec.fileName });
    const dir = join(this.options.dataDir, 'evidence-open', String(rec.id));
    await mkdir(dir, { recursive: true });
    const name = fileNameProblem(rec.fileName) === null ? rec.fileName : `tai-lieu-${rec.id}`;
    const target = join(dir, basename(name));
    await copyFile(this.store.blobPath(rec.sha256), target);
    return target;
  }

  // ── Attaching ──────────────────────────────────────────────────────────────────────────────

  /** Attaches a file on disk (Electron file dialog, CLI). */
  async attachPath(campaignId: number, unitCode: string, criterionCode: string, path: string, actor: string): Promise<EvidenceItem[]> {
    this.requireWritableCell(campaignId, unitCode, criterionCode);
    if (!isAbsolute(path)) throw new AppError('invalid_input', 'path.notAbsolute', { path });
    const fileName = cleanFileName(basename(path));
    const problem = fileNameProblem(fileName);
    if (problem) throw new AppError('invalid_input', 'upload.fileRefused', { fileName: displayName(fileName), problem });
    const put = await this.store.putFile(path, { maxBytes: this.limits.maxFileBytes, label: fileName });
    await this.admit([{ put, criterionCode, fileName }]);
    this.commit(campaignId, unitCode, [{ put, criterionCode, fileName }], actor, 'path');
    return this.cell(campaignId, unitCode, criterionCode);
  }

  uploadBegin(fileName: string, size: number): UploadStarted {
    return this.uploads.begin(fileName, size);
  }

  async uploadChunk(uploadId: string, offset: number, chunkBase64: string): Promise<UploadProgress> {
    const data = Buffer.from(chunkBase64, 'base64');
    // Node's decoder skips characters outside the alphabet, so any such character shows as missing bytes
    // (a regular expression over an 11 MB string would cost ten times the decoding).
    const padding = chunkBase64.endsWith('==') ? 2 : chunkBase64.endsWith('=') ? 1 : 0;
    if (chunkBase64.length % 4 !== 0 || data.length !== (chunkBase64.length / 4) * 3 - padding) {
      throw new AppError('invalid_input', 'upload.notBase64');
    }
    if (data.length > MAX_CHUNK_BYTES) throw new AppError('invalid_input', 'upload.chunkTooLarge', { max: formatBytes(MAX_CHUNK_BYTES) });
    const progress = await this.uploads.chunk(uploadId, offset, data);
    return { uploadId, ...progress };
  }

  uploadCancel(uploadId: string): void {
    this.uploads.cancel(uploadId);
  }

  /** Attaches a completed upload: its temp file is renamed into the store (or dropped when already there). */
  async uploadFinish(uploadId: string, campaignId: number, unitCode: string, criterionCode: string, actor: string): Promise<EvidenceItem[]> {
    // Checked before taking the upload, so a wrong cell leaves it ready for a corrected call.
    this.requireWritableCell(campaignId, unitCode, criterionCode);
    const upload = this.uploads.take(uploadId);
    const put = await this.adoptUpload(upload);
    this.commit(campaignId, unitCode, [{ put, criterionCode, fileName: upload.fileName }], actor, 'upload');
    return this.cell(campaignId, unitCode, criterionCode);
  }

  private async adoptUpload(upload: CompletedUpload): Promise<PutResult> {
    try {
      if (upload.size > this.limits.maxFileBytes) {
        throw new AppError('invalid_input', 'evidence.fileTooLarge', { fileName: upload.fileName, max: formatBytes(this.limits.maxFileBytes) });
      }
      // Judged by content before it enters the store: a program is refused whatever its name.
      await checkEvidenceContent(upload.path, upload.fileName, upload.head);
      await syncFile(upload.path);
    } catch (error) {
      rmSync(upload.path, { force: true });
      throw error;
    }
    const { created } = this.store.adopt(upload.path, upload.sha256, upload.size);
    if (created) await this.store.syncFolder(upload.sha256);
    return { sha256: upload.sha256, size: upload.size, created, head: upload.head };
  }

  /** Unlinks one file from its cell. The blob stays in the store even when nothing links it any more. */
  remove(evidenceId: number, actor: string): EvidenceItem[] {
    const rec = this.requireRecord(evidenceId);
    this.campaigns.requireOpen(rec.campaignId);
    this.r.db.transaction(() => {
      this.repo.delete(rec.id);
      this.r.history.append({
        campaignId: rec.campaignId, at: now(), actor, action: 'evidence.remove', unitCode: rec.unitCode, criterionCode: rec.criterionCode,
        oldValue: JSON.stringify(historyValue(rec.id, rec.fileName, rec.sha256, rec.size, rec.mediaType)), newValue: null,
      });
    })();
    return this.cell(rec.campaignId, rec.unitCode, rec.criterionCode);
  }

  // ── Bundles ────────────────────────────────────────────────────────────────────────────────

  /** Imports a unit's bundle from a folder or .zip on disk (Electron, CLI). */
  async importBundle(campaignId: number, unitCode: string, path: string, actor: string): Promise<BundleImportResult> {
    this.requireWritableUnit(campaignId, unitCode);
    if (!isAbsolute(path)) throw new AppError('invalid_input', 'path.notAbsolute', { path });
    return this.importFrom(campaignId, unitCode, path, basename(path), actor);
  }

  /** Imports a unit's bundle from a .zip sent through the chunked upload; the upload is used up either way. */
  async importBundleUpload(campaignId: number, unitCode: string, uploadId: string, actor: string): Promise<BundleImportResult> {
    this.requireWritableUnit(campaignId, unitCode);
    const upload = this.uploads.take(uploadId);
    try {
      return await this.importFrom(campaignId, unitCode, upload.path, upload.fileName, actor);
    } finally {
      rmSync(upload.path, { force: true });
    }
  }

  private async importFrom(campaignId: number, unitCode: string, path: string, label: string, actor: string): Promise<BundleImportResult> {
    const tree = this.tree(campaignId, unitCode);
    const plan = await openBundle(path, this.limits, (folder) => classify(tree, folder));
    try {
      if (plan.problems.length > 0) {
        const issues: ImportIssue[] = plan.problems.map((message) => ({ sheet: label, row: null, column: null, message }));
        const more = plan.problems.length > 1 ? ` (và ${plan.problems.length - 1} lỗi khác)` : '';
        throw new AppError('import_invalid', 'evidence.bundleRefused', { label: displayName(label), problem: plan.problems[0], more }, issues);
      }
      const staged: Staged[] = [];
      try {
        for (const f of plan.files) {
          const put = await this.store.putStream(await f.open(), { maxBytes: this.limits.maxFileBytes, label: f.entryName });
          staged.push({ put, criterionCode: f.criterionCode, fileName: f.fileName });
          await checkEvidenceContent(this.store.blobPath(put.sha256), f.fileName, put.head);
        }
      } catch (error) {
        this.settle(staged, true);
        // Found only while reading (a size that lied, a bad CRC, a file that changed): same refusal, same guarantee.
        const reason = error instanceof AppError ? error.message : `lỗi khi đọc (${error instanceof Error ? error.message : String(error)})`;
        const issues: ImportIssue[] = [{ sheet: label, row: null, column: null, message: reason }];
        throw new AppError('import_invalid', 'evidence.bundleRefusedRolledBack', { label: displayName(label), reason }, issues);
      }
      const { inserted, duplicates } = this.commit(campaignId, unitCode, staged, actor, `bundle:${label}`);
      return {
        campaignId,
        unitCode,
        files: plan.files.length,
        attached: inserted,
        alreadyAttached: duplicates,
        newBlobs: staged.filter((s) => s.put.created).length,
        bytes: staged.reduce((n, s) => n + s.put.size, 0),
        skipped: plan.skipped,
        criteria: this.list(campaignId, unitCode).criteria,
      };
    } finally {
      await plan.close();
    }
  }

  /**
   * Writes the rows for staged blobs in one transaction, with a history row per new link. The
   * holds taken while staging are released either way; on failure, blobs this operation created
   * are removed again unless something else now uses them.
   */
  private commit(campaignId: number, unitCode: string, staged: Staged[], actor: string, source: string): { inserted: number; duplicates: string[] } {
    let committed = false;
    try {
      const result = this.r.db.transaction(() => {
        // Re-checked inside: the campaign may have been finalised while the files were streaming.
        this.campaigns.requireOpen(campaignId);
        const at = now();
        let inserted = 0;
        const duplicates: string[] = [];
        for (const s of staged) {
          const mediaType = mediaTypeOf(s.fileName, s.put.head);
          this.repo.insertBlob(s.put.sha256, s.put.size, at);
          const id = this.repo.insert({
            campaignId, unitCode, criterionCode: s.criterionCode, sha256: s.put.sha256, fileName: s.fileName, mediaType, size: s.put.size, addedBy: actor, addedAt: at,
          });
          if (id === null) {
            duplicates.push(`${s.criterionCode}/${s.fileName}`);
            continue;
          }
          inserted++;
          this.r.history.append({
            campaignId, at, actor, action: 'evidence.attach', unitCode, criterionCode: s.criterionCode,
            oldValue: null, newValue: JSON.stringify(historyValue(id, s.fileName, s.put.sha256, s.put.size, mediaType)), source,
          });
        }
        return { inserted, duplicates };
      })();
      committed = true;
      return result;
    } finally {
      this.settle(staged, !committed);
    }
  }

  /** Checks stored files by their content; a refused one is taken back out of the store (and its hold released). */
  private async admit(staged: Staged[]): Promise<void> {
    try {
      for (const s of staged) await checkEvidenceContent(this.store.blobPath(s.put.sha256), s.fileName, s.put.head);
    } catch (error) {
      this.settle(staged, true);
      throw error;
    }
  }

  private settle(staged: Staged[], rollback: boolean): void {
    for (const s of staged) this.store.release(s.put.sha256);
    if (!rollback) return;
    for (const s of staged) {
      if (s.put.created) this.store.discardIfUnused(s.put.sha256, (sha) => this.repo.blobExists(sha));
    }
  }

  // ── Integrity ──────────────────────────────────────────────────────────────────────────────

  /** Re-hashes every blob the campaign links (each once, streamed) and names what is missing or altered. */
  async verify(campaignId: number): Promise<IntegrityReport> {
    this.campaigns.require(campaignId);
    const started = performance.now();
    // A link whose file has not arrived yet (evidence bundle not imported) is not expected in the store.
    const links = this.repo.linksOfCampaign(campaignId).filter((l) => l.available);
    const expected = new Map<string, number>();
    for (const l of links) expected.set(l.sha256, l.size);
    const status = new Map<string, 'ok' | 'missing' | 'altered'>();
    const queue = [...expected.entries()];
    let checkedBytes = 0;
    // Two at a time: one file's reads overlap the other's hashing.
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [sha, size] = next;
        const onDisk = this.store.sizeOf(sha);
        if (onDisk === null) {
          status.set(sha, 'missing');
          continue;
        }
        if (onDisk !== size) {
          status.set(sha, 'altered');
          continue;
        }
        try {
          status.set(sha, (await this.store.hashBlob(sha)) === sha ? 'ok' : 'altered');
          checkedBytes += size;
        } catch {
          status.set(sha, this.store.exists(sha) ? 'altered' : 'missing');
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const problem = (l: (typeof links)[number]): IntegrityProblem => ({
      evidenceId: l.id, unitCode: l.unitCode, unitName: l.unitName, criterionCode: l.criterionCode, fileName: l.fileName, sha256: l.sha256,
    });
    return {
      campaignId,
      checkedFiles: expected.size,
      checkedLinks: links.length,
      checkedBytes,
      missing: links.filter((l) => status.get(l.sha256) === 'missing').map(problem),
      altered: links.filter((l) => status.get(l.sha256) === 'altered').map(problem),
      ms: Math.round(performance.now() - started),
    };
  }

  // ── Checks ─────────────────────────────────────────────────────────────────────────────────

  /** The tree of the unit's own criteria set: an evidence file belongs to a criterion of that set. */
  private tree(campaignId: number, unitCode: string): CriteriaTree {
    const setCode = this.r.units.withGroup(campaignId, unitCode)?.setCode;
    return buildTree(this.r.criteria.list(campaignId).filter((c) => c.setCode === setCode));
  }

  private requireUnit(campaignId: number, unitCode: string): void {
    requireUnit(this.r, campaignId, unitCode);
  }

  private requireWritableUnit(campaignId: number, unitCode: string): void {
    this.campaigns.requireOpen(campaignId);
    this.requireUnit(campaignId, unitCode);
  }

  private requireWritableCell(campaignId: number, unitCode: string, criterionCode: string): void {
    this.requireWritableUnit(campaignId, unitCode);
    const node = requireCriterion(this.tree(campaignId, unitCode), criterionCode);
    if (node.children.length > 0) {
      throw new AppError('not_leaf', 'criterion.notLeaf.evidence', { criterionCode });
    }
  }

  private requireRecord(evidenceId: number): EvidenceRecord {
    const rec = this.repo.get(evidenceId);
    if (!rec) throw new AppError('not_found', 'evidence.notFound', { evidenceId });
    return rec;
  }
}

function toItem(rec: EvidenceRecord): EvidenceItem {
  return {
    id: rec.id,
    criterionCode: rec.criterionCode,
    fileName: rec.fileName,
    size: rec.size,
    mediaType: rec.mediaType,
    previewable: isPreviewable(rec.mediaType),
    sha256: rec.sha256,
    addedBy: rec.addedBy,
    addedAt: rec.addedAt,
    available: rec.available,
  };
}

/** A link from the campaign package whose file has not come yet (evidence bundle not imported). */
export function notArrived(fileName: string): AppError {
  return new AppError('not_found', 'evidence.notOnThisMachine', { fileName: displayName(fileName) });
}

function historyValue(id: number, fileName: string, sha256: string, size: number, mediaType: string) {
  return { evidenceId: id, fileName, sha256, size, mediaType };
}

/** A bundle folder is a criterion code, exactly or followed by its title ("1.1.1 Ban hành kế hoạch"). */
export function classify(tree: CriteriaTree, folder: string): CriterionClass {
  const prefix = /^(\d+(?:\.\d+)*)(?:$|[\s._-])/.exec(folder);
  const node = tree.byCode.get(folder) ?? (prefix ? tree.byCode.get(prefix[1]!) : undefined);
  if (!node) return { kind: 'unknown' };
  if (node.children.length === 0) return { kind: 'leaf', code: node.criterion.code };
  let leaf: TreeNode | undefined = node;
  while (leaf && leaf.children.length > 0) leaf = leaf.children[0];
  return { kind: 'branch', code: node.criterion.code, exampleLeaf: leaf?.criterion.code ?? null };
}
