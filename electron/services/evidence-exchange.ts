// Evidence files travelling both ways. Secretariat → member: the campaign package carries the links
// (signed), the files go in a separate evidence bundle (.parevd) of one member's cells (assigned areas and
// units, minus recusals) or of everybody. Member → secretariat: the member package lists the files the
// member attached here (signed), and the member's bundle carries those files. Import accepts a file only
// when a link of that campaign — attached there, or named by a verified package — names its hash and
// size, hashes every entry while it streams into the store's temp folder, and places the files and marks
// them in one transaction — or refuses and leaves the database and the store as they were.

import { rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import type { EvidenceBundleExported, EvidenceBundleImported, EvidenceBundlePlan, EvidenceBundleStatus } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { openEvidenceBundle, streamEntry, writeEvidenceBundle, EVIDENCE_BUNDLE_EXTENSION, type OpenedBundle } from '../exchange/evidence-bundle.js';
import { checkEvidenceFile } from '../evidence/content.js';
import type { EvidenceLink, EvidenceRepo } from '../repos/evidence-repo.js';
import type { Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import type { EvidenceService } from './evidence.js';
import { isMemberMachine } from './roles.js';
import { requireMember } from './lookups.js';

/** The member package's list of the files the member attached (signed with the package; absent from older ones). */
export const memberEvidenceSchema = z
  .array(z.object({
    unitCode: z.string().min(1).max(64), criterionCode: z.string().min(1).max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string().min(1).max(1000), mediaType: z.string().min(1).max(200), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), addedAt: z.string().max(40),
  }))
  .max(1_000_000);
export type MemberEvidence = z.infer<typeof memberEvidenceSchema>;

/** What the member package lists: every file attached on this (the member's) machine. */
export function memberEvidenceOf(r: Repositories, campaignId: number): MemberEvidence {
  return r.evidence.localLinks(campaignId).map((l) => ({ unitCode: l.unitCode, criterionCode: l.criterionCode, sha256: l.sha256, fileName: l.fileName, mediaType: l.mediaType, size: l.size, addedAt: l.addedAt }));
}

/**
 * The secretariat takes a verified member package's evidence list, inside the package's transaction:
 * each link is recorded under the member's name (its file arrives with the member's bundle), and a link
 * an earlier package of the same member brought but this one no longer lists was removed by the member.
 * A link to a cell the campaign does not have refuses the whole package. Returns the notes to show.
 */
export function acceptMemberEvidence(
  r: Repositories,
  input: { campaignId: number; memberName: string; links: MemberEvidence | undefined; actor: string; at: string; source: string },
): string[] {
  const { campaignId, memberName, links, actor, at, source } = input;
  if (links === undefined) return [];
  // A link's code is read in its unit's set.
  const setOfUnit = r.units.setCodes(campaignId);
  const criteria = new Set(r.criteria.list(campaignId).map((c) => `${c.setCode}\u0000${c.code}`));
  let added = 0;
  for (const l of links) {
    const setCode = setOfUnit.get(l.unitCode);
    if (setCode === undefined || !criteria.has(`${setCode}\u0000${l.criterionCode}`)) {
      throw new AppError('import_invalid', 'package.evidenceForUnknownCell', { unitCode: l.unitCode, criterionCode: l.criterionCode });
    }
    const id = r.evidence.insertFromPackage({ campaignId, unitCode: l.unitCode, criterionCode: l.criterionCode, sha256: l.sha256, fileName: l.fileName, mediaType: l.mediaType, size: l.size, addedBy: memberName, addedAt: l.addedAt });
    if (id === null) continue;
    added++;
    r.history.append({ campaignId, at, actor, action: 'evidence.attach', unitCode: l.unitCode, criterionCode: l.criterionCode, oldValue: null, newValue: JSON.stringify({ evidenceId: id, fileName: l.fileName, sha256: l.sha256, size: l.size, member: memberName }), source });
  }
  const listed = new Set(links.map((l) => `${l.unitCode}\u0000${l.criterionCode}\u0000${l.sha256}`));
  let withdrawn = 0;
  for (const old of r.evidence.packageLinks(campaignId)) {
    if (old.addedBy !== memberName || listed.has(`${old.unitCode}\u0000${old.criterionCode}\u0000${old.sha256}`)) continue;
    r.evidence.delete(old.id);
    withdrawn++;
    r.history.append({ campaignId, at, actor, action: 'evidence.remove', unitCode: old.unitCode, criterionCode: old.criterionCode, oldValue: JSON.stringify({ evidenceId: old.id, fileName: old.fileName, sha256: old.sha256, member: memberName }), newValue: null, source });
  }
  const waiting = r.evidence.linksOfCampaign(campaignId).filter((l) => !l.available && l.addedBy === memberName).length;
  const notes: string[] = [];
  if (added > 0) notes.push(`${added} tài liệu kiểm chứng mới của thành viên được ghi nhận.`);
  if (withdrawn > 0) notes.push(`${withdrawn} tài liệu kiểm chứng thành viên đã gỡ nên không còn hiển thị.`);
  if (waiting > 0) notes.push(`${waiting} tài liệu kiểm chứng của thành viên chưa có tệp: hãy nhập gói tài liệu kiểm chứng (.parevd) thành viên gửi kèm.`);
  return notes;
}

/** Bytes done of total, and (when known) files done of total. */
export type BundleProgress = (done: number, total: number, file?: number, files?: number) => void;

/** How a caller (the job worker) watches and stops a bundle export or import. */
export interface BundleRun {
  onProgress?: BundleProgress;
  /** Aborting stops between files (and between an import's chunks) with AppError('cancelled'). */
  signal?: AbortSignal;
  /** The export's temp file (see writeEvidenceBundle). */
  part?: string;
  /**
   * Inside a transaction the caller commits later (the job's), blobs placed here would outlive its
   * rollback with no row naming them: the import hands the undo over, to be run after a rollback.
   */
  onRollback?: (undo: () => void) => void;
}

const stopIfCancelled = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted) throw new AppError('cancelled', 'job.cancelled');
};

interface StagedBlob {
  sha256: string;
  size: number;
  /** The temp file holding the entry's bytes; null when the store already had the blob. */
  temp: string | null;
}

const areaOf = (code: string): string => code.split('.')[0]!;

export class EvidenceExchangeService {
  private readonly repo: EvidenceRepo;
  private busy: EvidenceBundleStatus['busy'] = null;
  private progress: EvidenceBundleStatus['progress'] = null;

  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly evidence: EvidenceService,
  ) {
    this.repo = r.evidence;
  }

  /** The export or import under way (one at a time), for the UI's progress bar. */
  status(): EvidenceBundleStatus {
    return { busy: this.busy, progress: this.progress };
  }

  /** Runs one export or import at a time, keeping its progress readable by `status`. */
  async tracked<T>(kind: 'export' | 'import', run: (onProgress: BundleProgress) => Promise<T>): Promise<T> {
    if (this.busy) {
      throw new AppError('conflict', this.busy === 'export' ? 'evidenceBundle.busyExporting' : 'evidenceBundle.busyImporting');
    }
    this.busy = kind;
    this.progress = { done: 0, total: 0 };
    try {
      return await run((done, total) => {
        this.progress = { done, total };
      });
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /** The campaign's links a member's bundle covers: their assigned areas (and units), minus recused units. */
  private linksFor(campaignId: number, forMember: string | null): EvidenceLink[] {
    const links = this.repo.linksOfCampaign(campaignId);
    // A member's bundle carries the files the member attached here, the ones their package lists.
    const self = this.r.members.self();
    if (isMemberMachine(self)) {
      if (forMember !== null && forMember !== self!.uid) {
        throw new AppError('forbidden', 'evidenceBundle.memberOwnFilesOnly');
      }
      const own = new Set(this.repo.localLinks(campaignId).map((l) => l.id));
      return links.filter((l) => own.has(l.id));
    }
    if (forMember === null) return links;
    const m = requireMember(this.r, forMember);
    const a = this.r.members.assignment(campaignId, m.uid);
    // Assigned areas are "SET:area": a link is the member's when its cell is in an area of its unit's set.
    const areas = new Set(a.areas);
    const setOfUnit = this.r.units.setCodes(campaignId);
    const units = a.units.length > 0 ? new Set(a.units) : null;
    const recused = new Set(this.r.members.recusalsOf(campaignId, m.uid).map((x) => x.unitCode));
    return links.filter((l) => areas.has(`${setOfUnit.get(l.unitCode) ?? ''}:${areaOf(l.criterionCode)}`) && (units === null || units.has(l.unitCode)) && !recused.has(l.unitCode));
  }

  /** What the bundle would hold: shown before export (distinct files, their total size). */
  plan(campaignId: number, forMember: string | null): EvidenceBundlePlan {
    const c = this.campaigns.require(campaignId);
    const links = this.linksFor(campaignId, forMember);
    const self = this.r.members.self();
    const author = isMemberMachine(self) ? self! : forMember ? this.r.members.get(forMember)! : null;
    const blobs = new Map<string, number>();
    let absent = 0;
    for (const l of links) {
      if (!l.available) absent++;
      else blobs.set(l.sha256, l.size);
    }
    return {
      campaignId,
      forMember: author?.uid ?? null,
      memberName: author?.name ?? null,
      links: links.length,
      files: blobs.size,
      bytes: [...blobs.values()].reduce((n, s) => n + s, 0),
      absentLinks: absent,
      fileName: `tai-lieu-kiem-chung-${c.year}-${slug(author?.name ?? 'tat-ca')}${EVIDENCE_BUNDLE_EXTENSION}`,
    };
  }

  /** Writes the bundle to `out` (temp + fsync + rename); blobs missing or damaged in the store are named, not carried. */
  async exportBundle(campaignId: number, forMember: string | null, out: string, run: BundleRun = {}): Promise<EvidenceBundleExported> {
    const c = this.campaigns.require(campaignId);
    const plan = this.plan(campaignId, forMember);
    const seen = new Set<string>();
    const blobs = this.linksFor(campaignId, forMember)
      .filter((l) => l.available && !seen.has(l.sha256) && seen.add(l.sha256))
      .map((l) => ({ sha256: l.sha256, size: l.size, path: this.evidence.store.blobPath(l.sha256) }));
    const written = await writeEvidenceBundle({ out, campaignUid: c.uid, campaignName: c.name, forMember: plan.forMember, blobs, ...run });
    return { ...plan, path: written.path, size: written.size, files: written.files, bytes: written.bytes, missing: written.missing, damaged: written.damaged };
  }

  /**
   * Imports a bundle. Everything is checked before anything is placed: the layout (no path outside
   * evidence/<2 hex>/<sha256>, no link, no duplicate, manifest = entries), the campaign, that every
   * file is named by a link of that campaign with the same size, and — while streaming into temp files
   * — that its bytes hash to its name. Then the new blobs are renamed into place and marked in one
   * transaction. Re-importing changes nothing (a blob already here is only re-hashed in the bundle).
   */
  async importBundle(path: string, label: string, actor: string, run: BundleRun = {}): Promise<EvidenceBundleImported> {
    const { onProgress, signal } = run;
    const bundle = await openEvidenceBundle(path, label);
    const staged: StagedBlob[] = [];
    try {
      const { manifest } = bundle;
      const c = this.campaigns.byUid(manifest.campaignUid);
      if (!c) {
        throw refuse(label, `gói thuộc đợt đánh giá "${manifest.campaignName}" chưa có trên máy này — hãy nhập gói đợt đánh giá (.parpkg) của đợt đó trước, rồi nhập lại gói tài liệu`);
      }
      const expected = new Map<string, number>();
      const names = new Map<string, string>();
      for (const l of this.repo.linksOfCampaign(c.id)) {
        expected.set(l.sha256, l.size);
        names.set(l.sha256, l.fileName);
      }
      for (const b of bundle.blobs) {
        const size = expected.get(b.sha256);
        if (size === undefined) {
          throw refuse(label, `tệp ${b.sha256.slice(0, 12)}… không thuộc tài liệu kiểm chứng nào của đợt "${c.name}" (không gói đợt đánh giá hay gói thành viên nào đã nhập nhắc đến tệp này — hãy nhập gói .parpkg gửi kèm trước, rồi nhập lại gói tài liệu)`);
        }
        if (size !== b.size) throw refuse(label, `tệp ${b.sha256.slice(0, 12)}… có kích thước ${b.size} byte, khác với ${size} byte ghi trong gói đợt đánh giá`);
        if (b.size > this.evidence.limits.maxFileBytes) throw refuse(label, `tệp ${b.sha256.slice(0, 12)}… lớn hơn giới hạn cho mỗi tệp tài liệu kiểm chứng`);
      }
      const total = bundle.blobs.reduce((n, b) => n + b.size, 0);
      let done = 0;
      let file = 0;
      for (const b of bundle.blobs) {
        stopIfCancelled(signal);
        file++;
        const here = this.repo.blobExists(b.sha256) && this.evidence.store.sizeOf(b.sha256) === b.size;
        const entry: StagedBlob = { sha256: b.sha256, size: b.size, temp: here ? null : this.evidence.store.tempPath('parevd') };
        staged.push(entry);
        const actual = entry.temp === null ? await streamEntry(bundle, b, label, null) : await copyEntry(bundle, b, label, entry.temp, signal);
        if (actual !== b.sha256) {
          throw refuse(label, `nội dung tệp ${b.sha256.slice(0, 12)}… không khớp với mã băm của nó (tệp bị sửa hoặc hỏng khi sao chép)`);
        }
        // The link came signed, but its file is judged like any other: a program is no evidence.
        if (entry.temp !== null) {
          try {
            await checkEvidenceFile(entry.temp, names.get(b.sha256) ?? b.sha256);
          } catch (error) {
            throw refuse(label, error instanceof AppError ? error.message : String(error));
          }
        }
        done += b.size;
        onProgress?.(done, total, file, bundle.blobs.length);
      }
      stopIfCancelled(signal);
      return this.place(c.id, c.name, staged, actor, label, run.onRollback);
    } finally {
      for (const s of staged) if (s.temp) rmSync(s.temp, { force: true });
      await bundle.close();
    }
  }

  /** Renames the staged files into the store and marks them in one transaction; a failure takes back what it placed. */
  private place(campaignId: number, campaignName: string, staged: StagedBlob[], actor: string, label: string, onRollback?: BundleRun['onRollback']): EvidenceBundleImported {
    const store = this.evidence.store;
    const placed: Array<{ sha256: string; created: boolean }> = [];
    let committed = false;
    try {
      for (const s of staged) {
        if (s.temp === null) continue;
        const { created } = store.adopt(s.temp, s.sha256, s.size);
        s.temp = null;
        placed.push({ sha256: s.sha256, created });
      }
      const newFiles = this.r.db.transaction(() => {
        const at = now();
        let fresh = 0;
        for (const s of staged) {
          if (!this.repo.blobExists(s.sha256)) fresh++;
          this.repo.insertBlob(s.sha256, s.size, at);
        }
        this.r.history.append({
          campaignId, at, actor, action: 'evidence.bundleImport', unitCode: null, criterionCode: null, oldValue: null,
          newValue: JSON.stringify({ files: staged.length, newFiles: fresh }), source: `bundle:${label}`,
        });
        return fresh;
      })();
      committed = true;
      if (onRollback && this.r.db.inTransaction) {
        const created = placed.filter((p) => p.created).map((p) => p.sha256);
        onRollback(() => {
          for (const sha of created) store.discardIfUnused(sha, (x) => this.repo.blobExists(x));
        });
      }
      const stillMissing = this.repo.linksOfCampaign(campaignId).filter((l) => !l.available).length;
      return { campaignId, campaignName, files: staged.length, newFiles, alreadyHere: staged.length - newFiles, bytes: staged.reduce((n, s) => n + s.size, 0), stillMissing };
    } finally {
      for (const p of placed) store.release(p.sha256);
      if (!committed) for (const p of placed) if (p.created) store.discardIfUnused(p.sha256, (sha) => this.repo.blobExists(sha));
    }
  }
}

async function copyEntry(bundle: OpenedBundle, entry: OpenedBundle['blobs'][number], label: string, temp: string, signal: AbortSignal | undefined): Promise<string> {
  const out: FileHandle = await open(temp, 'wx');
  try {
    const sha = await streamEntry(bundle, entry, label, async (chunk) => {
      // A large file is stopped within a chunk (1 MiB), not at its end.
      stopIfCancelled(signal);
      let written = 0;
      while (written < chunk.length) written += (await out.write(chunk, written, chunk.length - written)).bytesWritten;
    });
    await out.sync();
    return sha;
  } finally {
    await out.close();
  }
}

function refuse(label: string, detail: string): AppError {
  return new AppError('import_invalid', 'evidenceBundle.refused', { label, detail }, [{ sheet: label, row: null, column: null, message: detail }]);
}

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'goi';
}
