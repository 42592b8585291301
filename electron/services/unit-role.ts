// The unit's side of a campaign, a third role of the same app. A unit (sở, xã/phường) self-assesses on
// its own machine: the secretariat registers the unit's key (`par unit add`) and sends it a signed unit
// package (its set, its sheet, the calendar, the council's requests to it); the unit self-scores with the
// members' rule widgets, claims "không áp dụng" where its set allows it (with a reason), attaches
// evidence, explains what has none, answers requests, and sends back a signed self-assessment package.
// The secretariat imports that package with the member packages' guarantees: verified against the
// registered key, refused whole when tampered, foreign, for another unit, replayed, older or late; it
// writes only the unit's own columns of a cell (never a final score), cell by cell, each change logged.

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { computeUnit, type ScoreInput } from '../../shared/calc.js';
import { CRITERION_KINDS, TIE_RANKINGS, compareCodes, type Criterion } from '../../shared/domain.js';
import { applyRule, checkScore, ruleOfCriterion, type RuleInput } from '../../shared/rules.js';
import { formatPoints } from '../../shared/numbers.js';
import type { PackageImportAnswer, PackageImportSummary, RegisteredUnit, SelfSheet, SelfSheetRow, UnitIdentityCard } from '../../shared/contract.js';
import { ruleInputSchema } from '../../shared/contract/campaigns.js';
import { AppError } from '../../shared/errors.js';
import { verifiedPayload, writePackage, type Manifest, type ReadPackage } from '../exchange/container.js';
import { fingerprint, isEd25519PublicKey, loadPrivateKey, newKeyPair, savePrivateKey } from '../exchange/keys.js';
import type { Repositories } from '../repos/repositories.js';
import type { SelfCell, UnitIdentityRecord } from '../repos/unit-repo.js';
import { now, type CampaignService } from './campaigns.js';
import type { CalendarService } from './calendar.js';
import { calendarPayloadSchema } from './calendar.js';
import { acceptMemberEvidence, memberEvidenceOf, memberEvidenceSchema } from './evidence-exchange.js';
import { compactFingerprint, criteriaFingerprint, nextPackageSequence } from './exchange.js';
import { applyTreeUpdates, plannedTreeUpdates } from './criteria-sets.js';
import { personSlug } from './roles.js';
import type { ScoringService } from './scoring.js';

export const UNIT_IDENTITY_FORMAT = 'par-unit-identity/1';

const codeS = z.string().min(1).max(64);
const milli = z.number().int().min(0).max(10_000_000).nullable();

export const unitIdentitySchema = z.object({
  format: z.literal(UNIT_IDENTITY_FORMAT),
  kind: z.literal('unit'),
  uid: z.string().min(1).max(100),
  unitCode: codeS,
  name: z.string().min(1).max(300),
  agency: z.string().max(300),
  publicKey: z.string().min(1).max(2000),
  fingerprint: z.string().max(100),
});

/** Secretariat → unit: the campaign as this one unit needs it, nothing of the other units. */
const unitCampaignSchema = z.object({
  campaign: z.object({ uid: z.string(), name: z.string().max(300), year: z.number().int(), issuer: z.string().max(300), decisionNo: z.string().max(100), decisionDate: z.string().max(20) }),
  indexRules: z.object({ capIndex: z.boolean(), tieRanking: z.enum(TIE_RANKINGS) }),
  set: z.object({ code: codeS, name: z.string().max(300), position: z.number().int() }),
  criteria: z.array(z.object({ setCode: codeS, code: codeS, parentCode: codeS.nullable(), name: z.string().max(2000), maxMilli: z.number().int().min(0), kind: z.enum(CRITERION_KINDS), rule: z.string().max(2000), position: z.number().int() })).max(2000),
  naDenied: z.array(codeS).max(2000),
  group: z.object({ code: codeS, name: z.string().max(300), setCode: codeS, ranked: z.boolean(), position: z.number().int(), bands: z.array(z.object({ label: z.string().max(80), fromHundredths: z.number().int().min(0).max(10000) })).max(20) }),
  unit: z.object({ code: codeS, name: z.string().max(300), groupCode: codeS, position: z.number().int() }),
  self: z.array(z.object({ criterionCode: codeS, selfMilli: milli, selfNotApplicable: z.boolean(), selfReason: z.string().max(2000), selfInputs: z.string().max(2000), explanation: z.string().max(4000) })).max(2000),
  round: z.union([z.literal(1), z.literal(2)]),
  requests: z.array(z.object({ requestId: z.number().int().positive(), criterionCode: codeS, text: z.string().max(4000), askedBy: z.string().max(300), askedAt: z.string().max(40) })).max(10_000),
  calendar: calendarPayloadSchema,
});
type UnitCampaignPayload = z.infer<typeof unitCampaignSchema>;

/** Unit → secretariat: the unit's self-assessment, its answers and the files it attached. */
const selfPackageSchema = z.object({
  unit: z.object({ uid: z.string().min(1).max(100), code: codeS, name: z.string().max(300) }),
  self: z.array(z.object({
    criterionCode: codeS, selfMilli: milli, selfNotApplicable: z.boolean(), selfReason: z.string().max(2000), selfInputs: z.string().max(2000),
    explanation: z.string().max(4000), revision: z.number().int().min(0),
  })).max(2000),
  answers: z.array(z.object({ requestId: z.number().int().positive(), answer: z.string().max(8000), answeredAt: z.string().max(40).nullable() })).max(10_000),
  evidence: memberEvidenceSchema,
});

/** Where a unit may claim "không áp dụng": appraised nodes its set does not close to the claim. */
const unitMayClaimNa = (c: Pick<Criterion, 'kind' | 'naAllowed'>): boolean => c.kind === 'appraised' && c.naAllowed !== false;

const cardOf = (u: UnitIdentityRecord): UnitIdentityCard => ({
  format: UNIT_IDENTITY_FORMAT, kind: 'unit', uid: u.uid, unitCode: u.unitCode, name: u.name, agency: u.agency, publicKey: u.publicKey, fingerprint: fingerprint(u.publicKey),
});

function parseInputs(json: string): RuleInput | null {
  if (!json) return null;
  try {
    const parsed = ruleInputSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const sameSelf = (a: Omit<SelfCell, 'unitCode' | 'criterionCode' | 'selfRevision'> | undefined, b: Omit<SelfCell, 'unitCode' | 'criterionCode' | 'selfRevision'>): boolean =>
  !!a && a.selfMilli === b.selfMilli && a.selfNotApplicable === b.selfNotApplicable && a.selfReason === b.selfReason && a.selfInputs === b.selfInputs && a.explanation === b.explanation;

/** A self-assessment as the history keeps it: points in thousandths, or the N/A claim. */
const selfValue = (c: { selfMilli: number | null; selfNotApplicable: boolean } | undefined): string | null =>
  !c ? null : c.selfNotApplicable ? 'Không áp dụng' : c.selfMilli === null ? null : String(c.selfMilli);

export class UnitRoleService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
    private readonly calendar: CalendarService,
    private readonly dataDir: string,
  ) {}

  // ——— identities

  /** A unit machine's profile with a fresh key (`par unit init`); a machine is one role only. */
  initSelf(input: { unitCode: string; name: string; agency: string }): UnitIdentityCard {
    const own = this.r.unitIdentities.self();
    if (own) throw new AppError('conflict', 'unitRole.profileExists', { name: own.name, unitCode: own.unitCode, fingerprint: fingerprint(own.publicKey) });
    const member = this.r.members.self();
    if (member) throw new AppError('conflict', 'unitRole.otherRole', { name: member.name });
    if (this.r.members.anyRegistered() || this.r.unitIdentities.list().length > 0) throw new AppError('conflict', 'unitRole.secretariatMachine');
    const keys = newKeyPair();
    const uid = randomUUID();
    savePrivateKey(this.dataDir, uid, keys.privateKeyPem);
    const record: UnitIdentityRecord = { uid, unitCode: input.unitCode, name: input.name, agency: input.agency, publicKey: keys.publicKeyPem, isSelf: true, registeredAt: null, createdAt: now() };
    this.r.unitIdentities.insert(record);
    this.r.members.forgetSelf();
    return cardOf(record);
  }

  selfCard(): UnitIdentityCard | null {
    const own = this.r.unitIdentities.self();
    return own ? cardOf(own) : null;
  }

  /** This machine's own unit profile, or a refusal naming what is needed. */
  private requireSelf(): UnitIdentityRecord {
    const own = this.r.unitIdentities.self();
    if (!own) throw new AppError('forbidden', 'unitRole.notUnitMachine');
    return own;
  }

  /** The secretariat registers a unit from its .pub (`par unit add`): one key per unit code, changed only by naming the new fingerprint. */
  register(raw: unknown, campaignId: number, actor: string, replaceKey: { newFingerprint: string } | null = null): UnitIdentityCard {
    if (this.r.unitIdentities.self()) throw new AppError('forbidden', 'unitRole.registerOnUnit');
    if (this.r.members.self()?.kind === 'member') throw new AppError('forbidden', 'unitRole.registerOnMember');
    const parsed = unitIdentitySchema.safeParse(raw);
    if (!parsed.success || !isEd25519PublicKey(parsed.data.publicKey)) throw new AppError('invalid_input', 'unitRole.identityInvalid');
    const id = parsed.data;
    const c = this.campaigns.require(campaignId);
    const unit = this.r.units.list(campaignId).find((u) => u.code === id.unitCode);
    if (!unit) throw new AppError('not_found', 'unitRole.unitNotInCampaign', { unitCode: id.unitCode, name: c.name });
    const byCode = this.r.unitIdentities.byCode(id.unitCode);
    const byUid = this.r.unitIdentities.get(id.uid);
    if (byUid?.isSelf) throw new AppError('conflict', 'exchange.ownProfile');
    if (byUid && byUid.unitCode !== id.unitCode) throw new AppError('conflict', 'unitRole.keyOfOtherUnit', { unitCode: byUid.unitCode });
    const known = byCode ?? byUid;
    const replacing = !!known && known.publicKey.trim() !== id.publicKey.trim();
    if (replacing && (!replaceKey || compactFingerprint(replaceKey.newFingerprint) !== compactFingerprint(fingerprint(id.publicKey)))) {
      throw new AppError('conflict', 'unitRole.otherKey', { unitCode: id.unitCode, known: fingerprint(known.publicKey), offered: fingerprint(id.publicKey) });
    }
    const at = now();
    this.r.db.transaction(() => {
      // A unit re-registered with a new key keeps one identity per code: the old one goes (its packages stay on record).
      if (known && known.uid !== id.uid) this.r.unitIdentities.remove(known.uid);
      const record: UnitIdentityRecord = { uid: id.uid, unitCode: id.unitCode, name: id.name, agency: id.agency, publicKey: id.publicKey, isSelf: false, registeredAt: at, createdAt: known?.createdAt ?? at };
      if (known && known.uid === id.uid) this.r.unitIdentities.update(record);
      else this.r.unitIdentities.insert(record);
      this.r.history.append({
        campaignId, at, actor, action: 'unit.register', unitCode: id.unitCode, criterionCode: null,
        oldValue: replacing ? JSON.stringify({ fingerprint: fingerprint(known.publicKey) }) : null,
        newValue: JSON.stringify({ uid: id.uid, unitCode: id.unitCode, name: id.name, fingerprint: fingerprint(id.publicKey) }),
        ...(replacing ? { reason: 'Đăng ký lại với khóa mới, dấu vân tay đã đối chiếu' } : {}),
      });
    })();
    return cardOf(this.r.unitIdentities.get(id.uid)!);
  }

  registered(campaignId: number | null): RegisteredUnit[] {
    if (campaignId !== null) this.campaigns.require(campaignId);
    const names = new Map(campaignId === null ? [] : this.r.units.list(campaignId).map((u) => [u.code, u.name]));
    const received = campaignId === null ? new Map() : this.r.exchange.receivedBy(campaignId, 'unit');
    return this.r.unitIdentities.list().map((u) => {
      const got = received.get(u.uid);
      return { uid: u.uid, unitCode: u.unitCode, unitName: names.get(u.unitCode) ?? '', name: u.name, fingerprint: fingerprint(u.publicKey), registeredAt: u.registeredAt, lastPackageAt: got?.lastAt ?? null, packages: got?.count ?? 0 };
    });
  }

  // ——— secretariat → unit

  /** The unit package for one registered unit: its set, its sheet, the calendar, the council's open requests to it. */
  exportUnitPackage(campaignId: number, unitCode: string): { fileName: string; bytes: Buffer } {
    const c = this.campaigns.require(campaignId);
    const identity = this.r.unitIdentities.byCode(unitCode);
    if (!identity) throw new AppError('not_found', 'unitRole.unitNotRegistered', { unitCode });
    const unit = this.r.units.list(campaignId).find((u) => u.code === unitCode);
    if (!unit) throw new AppError('not_found', 'unitRole.unitNotInCampaign', { unitCode, name: c.name });
    const issuer = this.secretariatSigner();
    const set = this.scoring.setOfUnit(campaignId, unit);
    const group = this.r.groups.list(campaignId).find((g) => g.code === unit.groupCode)!;
    const memberNames = new Map(this.r.members.list().map((m) => [m.uid, m.name]));
    const round = this.r.rounds.stateOf(campaignId).round;
    const cells = this.r.selfAssessment.ofUnit(campaignId, unitCode);
    const payload: UnitCampaignPayload = {
      campaign: { uid: c.uid, name: c.name, year: c.year, issuer: c.issuer, decisionNo: c.decisionNo, decisionDate: c.decisionDate },
      indexRules: c.indexRules,
      set: set.set,
      criteria: set.criteria,
      naDenied: set.criteria.filter((x) => x.naAllowed === false).map((x) => x.code),
      group: { code: group.code, name: group.name, setCode: group.setCode, ranked: group.ranked, position: group.position, bands: group.bands },
      unit: { code: unit.code, name: unit.name, groupCode: unit.groupCode, position: unit.position },
      self: cells
        .filter((x) => x.selfMilli !== null || x.selfNotApplicable || x.explanation !== '' || x.selfReason !== '')
        .map((x) => ({ criterionCode: x.criterionCode, selfMilli: x.selfMilli, selfNotApplicable: x.selfNotApplicable, selfReason: x.selfReason, selfInputs: x.selfInputs, explanation: x.explanation })),
      round,
      // The council's open requests to this unit: answered in round 2's giải trình phase.
      requests: this.r.explanations.forUnit(campaignId, unitCode)
        .filter((q) => q.status === 'open')
        .map((q) => ({ requestId: q.id, criterionCode: q.criterionCode, text: q.text, askedBy: memberNames.get(q.memberUid) ?? '', askedAt: q.createdAt })),
      calendar: this.calendar.forPackage(campaignId),
    };
    const sequence = this.r.db.transaction(() => nextPackageSequence(this.r, c.uid))();
    const bytes = writePackage({
      kind: 'unit-campaign', campaignUid: c.uid, campaignName: c.name, criteriaFingerprint: criteriaFingerprint(set.criteria),
      author: { uid: issuer.uid, name: issuer.name, fingerprint: fingerprint(issuer.publicKey), publicKey: issuer.publicKey }, sequence, createdAt: now(), recipientUid: identity.uid,
    }, payload, issuer.key);
    return { fileName: `don-vi-${personSlug(unitCode)}-${c.year}-${String(sequence).padStart(3, '0')}.parpkg`, bytes };
  }

  /** The secretariat's own signing profile (created on first use, as for campaign packages). */
  private secretariatSigner(): { uid: string; name: string; publicKey: string; key: string } {
    if (this.r.unitIdentities.self()) throw new AppError('forbidden', 'unitRole.unitPackageOnUnit');
    let m = this.r.members.self();
    if (m && m.kind !== 'secretariat') throw new AppError('forbidden', 'exchange.campaignPackageOnMember');
    if (!m) {
      const uid = randomUUID();
      this.r.members.insert({ uid, name: 'Tổ thư ký Hội đồng thẩm định', agency: '', role: 'Tổ thư ký', kind: 'secretariat', isSelf: true, publicKey: null, createdAt: now() });
      m = this.r.members.self()!;
    }
    if (!m.publicKey) {
      const keys = newKeyPair();
      savePrivateKey(this.dataDir, m.uid, keys.privateKeyPem);
      this.r.members.setPublicKey(m.uid, keys.publicKeyPem);
      m = this.r.members.self()!;
    }
    return { uid: m.uid, name: m.name, publicKey: m.publicKey!, key: loadPrivateKey(this.dataDir, m.uid) };
  }

  // ——— the unit's machine: importing its unit package

  /** A unit package on the unit's machine: the first pins the secretariat's key (fingerprint checked by phone). */
  importUnitCampaign(pkg: ReadPackage, actor: string, options: { expectFingerprint?: string | null | undefined; firstKey: 'ask' | 'accept' }): PackageImportAnswer {
    const { manifest } = pkg;
    const own = this.r.unitIdentities.self();
    if (!own) throw new AppError('forbidden', 'unitRole.unitPackageNotUnitMachine');
    if (manifest.recipientUid !== own.uid) throw new AppError('forbidden', 'unitRole.notForThisUnit', { unitCode: own.unitCode });
    const existing = this.campaigns.byUid(manifest.campaignUid);
    const pinned = existing ? this.r.exchange.settingsOf(existing.id) : null;
    if (pinned?.issuerUid && pinned.issuerUid !== pkg.signer) {
      throw new AppError('import_invalid', 'exchange.issuerMismatch', { name: existing!.name, fingerprint: fingerprint(pinned.issuerKey!) });
    }
    let signerKey = pinned?.issuerKey ?? null;
    if (!signerKey) {
      const key = manifest.author.publicKey;
      if (!isEd25519PublicKey(key) || fingerprint(key) !== manifest.author.fingerprint) throw new AppError('import_invalid', 'exchange.issuerKeyInvalid');
      signerKey = key;
    }
    const signerFingerprint = fingerprint(signerKey);
    const payload = verifiedPayload(pkg, signerKey, unitCampaignSchema);
    if (payload.unit.code !== own.unitCode) throw new AppError('forbidden', 'unitRole.notForThisUnit', { unitCode: own.unitCode });
    if (payload.campaign.uid !== manifest.campaignUid) throw new AppError('import_invalid', 'exchange.campaignUidMismatch');
    if (criteriaFingerprint(payload.criteria) !== manifest.criteriaFingerprint) throw new AppError('import_invalid', 'exchange.criteriaFingerprint');
    // The secretariat edited the set's tree: the new one replaces this machine's copy while the unit has done nothing on it here.
    // Where the set lets the unit claim "không áp dụng" travels as the list of nodes where it may not.
    const denied = new Set(payload.naDenied);
    const criteria = payload.criteria.map((c) => (denied.has(c.code) ? { ...c, naAllowed: false } : c));
    const treeUpdates = existing && criteriaFingerprint(this.r.criteria.list(existing.id)) !== manifest.criteriaFingerprint
      ? plannedTreeUpdates(this.r, existing.id, existing.name, criteria, () => this.unitWorkHere(existing.id, own.unitCode))
      : [];
    if (options.expectFingerprint != null && compactFingerprint(options.expectFingerprint) !== compactFingerprint(signerFingerprint)) {
      throw new AppError('import_invalid', 'exchange.fingerprintMismatch', { signerFingerprint, expected: options.expectFingerprint.trim().slice(0, 100) });
    }
    if (!pinned?.issuerKey && options.firstKey === 'ask' && options.expectFingerprint == null && !this.r.exchange.issuerKnown(signerKey)) {
      return { kind: 'confirm', campaignName: payload.campaign.name, issuerName: manifest.author.name, fingerprint: signerFingerprint };
    }
    const base = { kind: 'unit-campaign' as const, campaignName: payload.campaign.name, author: manifest.author.name, authorFingerprint: signerFingerprint, stale: false, skipped: 0, conflicts: 0, finalsChanged: 0 };
    if (this.r.exchange.imported(pkg.sha256)) {
      return { ...base, campaignId: existing!.id, alreadyImported: true, applied: 0, notes: ['Gói này đã được nhập trước đó: không có gì thay đổi.'] };
    }
    if (existing) {
      const last = this.r.exchange.lastSequence(existing.id, pkg.signer, 'unit-campaign');
      if (manifest.sequence <= last) throw new AppError('import_invalid', 'exchange.olderPackage', { sequence: manifest.sequence, last, name: existing.name });
    }
    const at = now();
    const source = `package:${pkg.sha256}`;
    const notes: string[] = [];
    if (!pinned?.issuerKey) notes.push(`Khóa của Tổ thư ký được ghi nhận lần đầu, dấu vân tay ${signerFingerprint}: hãy gọi điện cho Tổ thư ký và cùng đọc để đối chiếu.`);
    let applied = 0;
    let campaignId: number;
    try {
      campaignId = this.r.db.transaction(() => {
      let id = existing?.id;
      if (!id) {
        id = this.campaigns.insertContent(
          { name: payload.campaign.name, year: payload.campaign.year, issuer: payload.campaign.issuer, decisionNo: payload.campaign.decisionNo, decisionDate: payload.campaign.decisionDate, indexRules: payload.indexRules, sets: [payload.set], criteria, groups: [payload.group], units: [payload.unit], scores: [] },
          actor, source, payload.campaign.uid,
        );
        this.r.exchange.pinIssuer(id, signerKey, pkg.signer);
      } else {
        const treeNote = applyTreeUpdates(this.r, id, treeUpdates, { actor, at, source });
        if (treeNote) {
          this.scoring.forget(id);
          notes.push(treeNote);
        }
        this.r.campaigns.setIndexRules(id, payload.indexRules);
        this.r.units.update(id, payload.unit.code, payload.unit);
      }
      // The secretariat's record of the unit's self-assessment fills only cells the unit has not touched here.
      const local = new Map(this.r.selfAssessment.ofUnit(id, payload.unit.code).map((x) => [x.criterionCode, x]));
      for (const s of payload.self) {
        if ((local.get(s.criterionCode)?.selfRevision ?? 0) > 0) continue;
        this.r.selfAssessment.put(id, { unitCode: payload.unit.code, ...s, selfRevision: 0 }, at);
        applied++;
      }
      this.r.selfAssessment.putRequests(id, payload.requests);
      this.calendar.applyFromPackage(id, payload.calendar, actor, at, source);
      const state = this.r.rounds.stateOf(id);
      if (payload.round > state.round) this.r.rounds.setRound(id, payload.round, at, '');
      this.r.exchange.recordImport(pkg.sha256, id, 'unit-campaign', pkg.signer, manifest.sequence, at, payload.unit.code);
      this.r.history.append({ campaignId: id, at, actor, action: 'package.import', unitCode: payload.unit.code, criterionCode: null, oldValue: null, newValue: JSON.stringify({ kind: 'unit-campaign', sequence: manifest.sequence }), source });
      return id;
      })();
    } catch (error) {
      // A rolled-back tree must not outlive the import in the model cache.
      if (existing) this.scoring.forget(existing.id);
      throw error;
    }
    this.scoring.forget(campaignId);
    const open = payload.requests.length;
    if (open > 0) notes.push(`${open} yêu cầu giải trình của Hội đồng đang chờ đơn vị trả lời.`);
    return { ...base, campaignId, alreadyImported: false, applied, notes };
  }

  /** What the unit did on this machine: a cell it touched, a file it attached, an answer it wrote. */
  private unitWorkHere(campaignId: number, unitCode: string): boolean {
    return this.r.selfAssessment.ofUnit(campaignId, unitCode).some((x) => x.selfRevision > 0)
      || this.r.evidence.localLinks(campaignId).length > 0
      || this.r.selfAssessment.requests(campaignId).some((q) => q.answer !== '');
  }

  // ——— the unit's machine: its sheet and its writes

  /** The one campaign unit this machine self-assesses (its own code), with its set. */
  private ownUnit(campaignId: number) {
    const own = this.requireSelf();
    this.campaigns.require(campaignId);
    const unit = this.r.units.list(campaignId).find((u) => u.code === own.unitCode);
    if (!unit) throw new AppError('not_found', 'unitRole.unitNotInCampaign', { unitCode: own.unitCode, name: this.campaigns.require(campaignId).name });
    return { own, unit, set: this.scoring.setOfUnit(campaignId, unit) };
  }

  sheet(campaignId: number): SelfSheet {
    const c = this.campaigns.require(campaignId);
    const { unit, set } = this.ownUnit(campaignId);
    const cells = new Map(this.r.selfAssessment.ofUnit(campaignId, unit.code).map((x) => [x.criterionCode, x]));
    const evidence = new Map<string, SelfSheetRow['evidence']>();
    for (const e of this.r.evidence.listByUnit(campaignId, unit.code)) {
      const list = evidence.get(e.criterionCode) ?? [];
      list.push({ id: e.id, fileName: e.fileName, sha256: e.sha256, size: e.size, mediaType: e.mediaType, available: e.available });
      evidence.set(e.criterionCode, list);
    }
    const requests = new Map<string, SelfSheetRow['requests']>();
    for (const q of this.r.selfAssessment.requests(campaignId)) {
      const list = requests.get(q.criterionCode) ?? [];
      list.push({ requestId: q.requestId, text: q.text, askedBy: q.askedBy, askedAt: q.askedAt, answer: q.answer, answeredAt: q.answeredAt });
      requests.set(q.criterionCode, list);
    }
    const scores = new Map<string, ScoreInput>();
    for (const x of cells.values()) scores.set(x.criterionCode, { pointsMilli: x.selfMilli, notApplicable: x.selfNotApplicable });
    const result = computeUnit(set.tree, scores, c.indexRules);
    let leaves = 0;
    let scored = 0;
    let documented = 0;
    const naAbove = new Set<string>();
    // After the tự đánh giá deadline (as the secretariat judges a package) the unit's claims are read-only here.
    const calendar = this.calendar.get(campaignId);
    const phase = (p: string) => calendar.phases.find((x) => x.phase === p && x.deadline !== null) ?? null;
    const selfDeadline = phase('tu_danh_gia');
    const rows: SelfSheetRow[] = set.tree.ordered.map((node) => {
      const cr = node.criterion;
      const x = cells.get(cr.code);
      const isLeaf = node.children.length === 0;
      const inherited = node.parent !== null && (naAbove.has(node.parent.criterion.code));
      if (inherited || x?.selfNotApplicable) naAbove.add(cr.code);
      const locked: SelfSheetRow['locked'] = !isLeaf ? 'not_leaf' : cr.kind === 'survey' ? 'survey' : '';
      const files = evidence.get(cr.code) ?? [];
      const claimed = x !== undefined && (x.selfMilli !== null || x.selfNotApplicable);
      const missingEvidence = isLeaf && locked === '' && claimed && !x.selfNotApplicable && files.length === 0 && x.explanation.trim() === '';
      if (isLeaf && locked === '' && !inherited) {
        leaves++;
        if (claimed) {
          scored++;
          if (!missingEvidence) documented++;
        }
      }
      return {
        code: cr.code, name: cr.name, depth: node.depth, kind: cr.kind, maxMilli: cr.maxMilli, isLeaf, parsedRule: ruleOfCriterion(cr),
        locked: locked === '' && selfDeadline?.closed ? 'closed' : locked,
        naAllowed: unitMayClaimNa(cr),
        selfMilli: x?.selfMilli ?? null, selfNotApplicable: x?.selfNotApplicable ?? false, inheritedNotApplicable: inherited, selfReason: x?.selfReason ?? '',
        inputs: parseInputs(x?.selfInputs ?? ''), explanation: x?.explanation ?? '', evidence: files, requests: requests.get(cr.code) ?? [], missingEvidence,
      };
    });
    const seq = Number(this.r.meta.get(`package_seq:${c.uid}`) ?? '0');
    const lastAt = this.r.meta.get(`package_at:${c.uid}`);
    return {
      campaignId, campaignName: c.name, year: c.year, unitCode: unit.code, unitName: unit.name,
      groupName: this.r.groups.list(campaignId).find((g) => g.code === unit.groupCode)?.name ?? '',
      setCode: set.set.code, setName: set.set.name, rows,
      totalMilli: result.totalMilli, maxMilli: result.maxMilli, indexHundredths: result.indexHundredths,
      leaves, scored, documented, openRequests: [...requests.values()].flat().filter((q) => q.answer.trim() === '').length,
      round: this.r.rounds.stateOf(campaignId).round === 2 ? 2 : 1,
      selfDeadline, answerDeadline: phase('giai_trinh'),
      lastExport: seq > 0 && lastAt ? { sequence: seq, at: lastAt } : null,
    };
  }

  /**
   * A leaf of the unit's own set the unit may self-score, or the refusal; after the tự đánh giá deadline
   * (the calendar its unit package brought) none: the secretariat would refuse the package that changed it.
   */
  private leaf(campaignId: number, criterionCode: string) {
    const ctx = this.ownUnit(campaignId);
    this.campaigns.requireOpen(campaignId);
    this.calendar.requireOpen(campaignId, 'tu_danh_gia', '', 'entry');
    const node = ctx.set.tree.byCode.get(criterionCode);
    if (!node) throw new AppError('not_found', 'unitRole.criterionNotInSet', { criterionCode, setName: ctx.set.set.name });
    return { ...ctx, node };
  }

  private write(campaignId: number, unitCode: string, criterionCode: string, change: (before: SelfCell) => SelfCell, action: string, actor: string): void {
    const at = now();
    this.r.db.transaction(() => {
      const before = this.r.selfAssessment.cell(campaignId, unitCode, criterionCode)
        ?? { unitCode, criterionCode, selfMilli: null, selfNotApplicable: false, selfReason: '', selfInputs: '', explanation: '', selfRevision: 0 };
      const after = change(before);
      if (sameSelf(before, after)) return;
      this.r.selfAssessment.put(campaignId, { ...after, selfRevision: before.selfRevision + 1 }, at);
      this.r.history.append({
        campaignId, at, actor, action, unitCode, criterionCode,
        oldValue: action === 'self.explain' ? before.explanation : selfValue(before), newValue: action === 'self.explain' ? after.explanation : selfValue(after), reason: after.selfReason,
      });
    })();
  }

  setScore(campaignId: number, criterionCode: string, input: RuleInput | null, reason: string | undefined, actor: string): SelfSheet {
    const { unit, node } = this.leaf(campaignId, criterionCode);
    if (node.children.length > 0) throw new AppError('invalid_input', 'unitRole.notLeaf', { criterionCode });
    if (node.criterion.kind === 'survey') throw new AppError('invalid_input', 'unitRole.surveyLeaf', { criterionCode });
    let points: number | null = null;
    if (input) {
      const applied = applyRule(ruleOfCriterion(node.criterion), input, node.criterion.maxMilli);
      if (!applied.ok) throw new AppError('invalid_input', 'unkeyed', { text: applied.message });
      points = applied.value;
      const problem = checkScore(node.criterion, points) ?? (points > node.criterion.maxMilli ? `Tiêu chí "${criterionCode}": điểm ${formatPoints(points)} vượt điểm tối đa ${formatPoints(node.criterion.maxMilli)}.` : null);
      if (problem) throw new AppError('invalid_input', 'unkeyed', { text: problem });
    }
    this.write(campaignId, unit.code, criterionCode, (b) => ({
      ...b, selfMilli: points, selfNotApplicable: false, selfInputs: input && input.kind !== 'points' ? JSON.stringify(input) : '', selfReason: reason ?? (b.selfNotApplicable ? '' : b.selfReason),
    }), 'self.score', actor);
    return this.sheet(campaignId);
  }

  setNotApplicable(campaignId: number, criterionCode: string, notApplicable: boolean, reason: string, actor: string): SelfSheet {
    const { unit, node } = this.leaf(campaignId, criterionCode);
    if (notApplicable) {
      if (!unitMayClaimNa(node.criterion)) throw new AppError('invalid_input', 'unitRole.naNotAllowed', { criterionCode });
      if (reason.trim() === '') throw new AppError('invalid_input', 'unitRole.naReason', { criterionCode });
    }
    this.write(campaignId, unit.code, criterionCode, (b) => (notApplicable
      ? { ...b, selfMilli: null, selfNotApplicable: true, selfInputs: '', selfReason: reason.trim() }
      : { ...b, selfNotApplicable: false, selfReason: '' }), 'self.notApplicable', actor);
    return this.sheet(campaignId);
  }

  setExplanation(campaignId: number, criterionCode: string, explanation: string, actor: string): SelfSheet {
    const { unit } = this.leaf(campaignId, criterionCode);
    this.write(campaignId, unit.code, criterionCode, (b) => ({ ...b, explanation }), 'self.explain', actor);
    return this.sheet(campaignId);
  }

  answer(campaignId: number, requestId: number, answer: string, actor: string): SelfSheet {
    const { unit } = this.ownUnit(campaignId);
    const q = this.r.selfAssessment.request(campaignId, requestId);
    if (!q) throw new AppError('not_found', 'unitRole.requestNotFound', { requestId });
    this.calendar.requireOpen(campaignId, 'giai_trinh', '', 'entry');
    if (q.answer === answer) return this.sheet(campaignId);
    const at = now();
    this.r.db.transaction(() => {
      this.r.selfAssessment.answer(campaignId, requestId, answer, answer.trim() === '' ? null : at);
      this.r.history.append({ campaignId, at, actor, action: 'self.answer', unitCode: unit.code, criterionCode: q.criterionCode, oldValue: q.answer || null, newValue: answer || null, reason: q.text });
    })();
    return this.sheet(campaignId);
  }

  // ——— the unit's machine: its self-assessment package

  exportSelfPackage(campaignId: number): { fileName: string; bytes: Buffer } {
    const c = this.campaigns.require(campaignId);
    const { own, unit, set } = this.ownUnit(campaignId);
    const key = loadPrivateKey(this.dataDir, own.uid);
    const cells = this.r.selfAssessment.ofUnit(campaignId, unit.code)
      .filter((x) => set.tree.byCode.has(x.criterionCode) && (x.selfRevision > 0 || x.selfMilli !== null || x.selfNotApplicable || x.explanation !== ''))
      .sort((a, b) => compareCodes(a.criterionCode, b.criterionCode));
    const payload: z.input<typeof selfPackageSchema> = {
      unit: { uid: own.uid, code: unit.code, name: unit.name },
      self: cells.map((x) => ({ criterionCode: x.criterionCode, selfMilli: x.selfMilli, selfNotApplicable: x.selfNotApplicable, selfReason: x.selfReason, selfInputs: x.selfInputs, explanation: x.explanation, revision: x.selfRevision })),
      answers: this.r.selfAssessment.requests(campaignId).filter((q) => q.answer.trim() !== '').map((q) => ({ requestId: q.requestId, answer: q.answer, answeredAt: q.answeredAt })),
      evidence: memberEvidenceOf(this.r, campaignId),
    };
    const at = now();
    const sequence = this.r.db.transaction(() => {
      const n = nextPackageSequence(this.r, c.uid);
      this.r.meta.set(`package_at:${c.uid}`, at);
      return n;
    })();
    const manifest: Omit<Manifest, 'format' | 'payloadSha256' | 'payloadSize'> = {
      kind: 'unit', campaignUid: c.uid, campaignName: c.name, criteriaFingerprint: criteriaFingerprint(set.criteria),
      author: { uid: own.uid, name: own.name, fingerprint: fingerprint(own.publicKey), publicKey: own.publicKey }, sequence, createdAt: at,
    };
    return { fileName: `tu-danh-gia-${personSlug(unit.code)}-${c.year}-${String(sequence).padStart(3, '0')}.parpkg`, bytes: writePackage(manifest, payload, key) };
  }

  // ——— the secretariat: importing a unit's self-assessment package

  importSelfPackage(pkg: ReadPackage, actor: string): PackageImportSummary {
    const { manifest } = pkg;
    if (this.r.unitIdentities.self()) throw new AppError('forbidden', 'unitRole.selfPackageOnUnit');
    if (this.r.members.self()?.kind === 'member') throw new AppError('forbidden', 'exchange.memberPackageOnMember', { name: this.r.members.self()!.name });
    const c = this.campaigns.byUid(manifest.campaignUid);
    if (!c) throw new AppError('import_invalid', 'exchange.unknownCampaign');
    const identity = this.r.unitIdentities.get(pkg.signer);
    if (!identity || identity.isSelf || !identity.registeredAt) {
      const claimed = isEd25519PublicKey(manifest.author.publicKey) ? ` (dấu vân tay ${fingerprint(manifest.author.publicKey)})` : '';
      throw new AppError('import_invalid', 'unitRole.unknownSigner', { claimed });
    }
    const payload = verifiedPayload(pkg, identity.publicKey, selfPackageSchema, identity.name);
    if (payload.unit.uid !== identity.uid || payload.unit.code !== identity.unitCode) {
      throw new AppError('import_invalid', 'unitRole.otherUnit', { unitCode: payload.unit.code, registered: identity.unitCode });
    }
    const unit = this.r.units.list(c.id).find((u) => u.code === identity.unitCode);
    if (!unit) throw new AppError('import_invalid', 'unitRole.unitNotInCampaign', { unitCode: identity.unitCode, name: c.name });
    const set = this.scoring.setOfUnit(c.id, unit);
    if (criteriaFingerprint(set.criteria) !== manifest.criteriaFingerprint) throw new AppError('import_invalid', 'exchange.criteriaMismatch', { name: c.name });
    const done = this.r.exchange.importOf(pkg.sha256);
    if (done) throw new AppError('import_invalid', 'unitRole.replayed', { unitCode: unit.code, at: done.importedAt });
    const last = this.r.exchange.lastSequence(c.id, identity.uid, 'unit');
    if (manifest.sequence <= last) throw new AppError('import_invalid', 'unitRole.olderPackage', { unitCode: unit.code, sequence: manifest.sequence, last });
    this.campaigns.requireOpen(c.id);
    // Every cell is checked against the unit's own set and the rule it is scored with, before anything is written.
    const refused: string[] = [];
    for (const s of payload.self) {
      const node = set.tree.byCode.get(s.criterionCode);
      if (!node) {
        refused.push(`tiêu chí ${s.criterionCode}: không có trong bộ tiêu chí "${set.set.name}" của đơn vị`);
        continue;
      }
      if (s.selfNotApplicable && !unitMayClaimNa(node.criterion)) refused.push(`tiêu chí ${s.criterionCode}: bộ tiêu chí không cho đơn vị đề nghị "không áp dụng"`);
      else if (s.selfNotApplicable && s.selfReason.trim() === '') refused.push(`tiêu chí ${s.criterionCode}: đề nghị "không áp dụng" chưa ghi lý do`);
      if (s.selfMilli !== null) {
        if (node.children.length > 0) refused.push(`tiêu chí ${s.criterionCode}: chỉ tự chấm ở tiêu chí thành phần cuối cùng`);
        else if (node.criterion.kind === 'survey') refused.push(`tiêu chí ${s.criterionCode}: điểm điều tra xã hội học không tự chấm`);
        else {
          const problem = checkScore(node.criterion, s.selfMilli) ?? (s.selfMilli > node.criterion.maxMilli ? `điểm ${formatPoints(s.selfMilli)} vượt điểm tối đa ${formatPoints(node.criterion.maxMilli)}` : null);
          if (problem) refused.push(problem.replace(/\.$/, ''));
        }
      }
    }
    const requests = new Map(this.r.explanations.forUnit(c.id, unit.code).map((q) => [q.id, q]));
    for (const a of payload.answers) if (!requests.has(a.requestId)) refused.push(`yêu cầu giải trình số ${a.requestId}: không phải yêu cầu gửi đơn vị ${unit.code}`);
    if (refused.length > 0) {
      throw new AppError('import_invalid', 'unitRole.cellsRefused', { unitCode: unit.code, count: refused.length, shown: refused.slice(0, 8).join('; '), ellipsis: refused.length > 8 ? '; …' : '' });
    }
    const held = new Map(this.r.selfAssessment.ofUnit(c.id, unit.code).map((x) => [x.criterionCode, x]));
    const changed = payload.self.filter((s) => !sameSelf(held.get(s.criterionCode), s));
    const answers = payload.answers.filter((a) => {
      const q = requests.get(a.requestId)!;
      return a.answer.trim() !== '' && !(q.status === 'answered' && q.answer === a.answer) && q.status !== 'withdrawn';
    });
    // The calendar, judged now at import here: self-scores belong to tự đánh giá, answers to giải trình.
    const who = `đơn vị "${unit.name}" (${unit.code})`;
    if (changed.length > 0) this.calendar.requireOpen(c.id, 'tu_danh_gia', who);
    if (answers.length > 0) this.calendar.requireOpen(c.id, 'giai_trinh', who);
    const at = now();
    const source = `package:${pkg.sha256}`;
    const evidenceNotes: string[] = [];
    this.r.db.transaction(() => {
      for (const s of changed) {
        const before = held.get(s.criterionCode);
        this.r.selfAssessment.put(c.id, { unitCode: unit.code, criterionCode: s.criterionCode, selfMilli: s.selfMilli, selfNotApplicable: s.selfNotApplicable, selfReason: s.selfReason, selfInputs: s.selfInputs, explanation: s.explanation, selfRevision: s.revision }, at);
        this.r.history.append({
          campaignId: c.id, at, actor, action: 'self.import', unitCode: unit.code, criterionCode: s.criterionCode,
          oldValue: selfValue(before), newValue: selfValue(s), reason: [s.selfReason, s.explanation].filter(Boolean).join(' — '), source,
        });
      }
      for (const a of answers) {
        const q = requests.get(a.requestId)!;
        this.r.explanations.setStatus(c.id, q.id, 'answered', a.answer, a.answeredAt ?? at);
        this.r.history.append({ campaignId: c.id, at, actor, action: 'explanation.answer', unitCode: unit.code, criterionCode: q.criterionCode, oldValue: q.status, newValue: 'answered', reason: a.answer, source });
      }
      evidenceNotes.push(...acceptMemberEvidence(this.r, { campaignId: c.id, memberName: unitEvidenceAuthor(unit.code, unit.name), links: payload.evidence, actor, at, source }));
      this.r.exchange.recordImport(pkg.sha256, c.id, 'unit', identity.uid, manifest.sequence, at, JSON.stringify({ applied: changed.length, answers: answers.length }));
      this.r.history.append({
        campaignId: c.id, at, actor, action: 'package.import', unitCode: unit.code, criterionCode: null, oldValue: null,
        newValue: JSON.stringify({ kind: 'unit', unit: unit.code, sequence: manifest.sequence, applied: changed.length, answers: answers.length, sha256: pkg.sha256 }), source,
      });
    })();
    const notes = [...evidenceNotes.map((n) => n.replace('của thành viên', 'của đơn vị').replace('thành viên', 'đơn vị'))];
    if (answers.length > 0) notes.push(`${answers.length} yêu cầu giải trình được đơn vị trả lời.`);
    notes.push('Điểm tự đánh giá chỉ là đề nghị của đơn vị: không điểm thẩm định nào thay đổi.');
    return {
      kind: 'unit', campaignId: c.id, campaignName: c.name, author: `${identity.name} (${unit.code})`, authorFingerprint: fingerprint(identity.publicKey),
      alreadyImported: false, stale: false, applied: changed.length, skipped: payload.self.length - changed.length, conflicts: 0, finalsChanged: 0, notes,
    };
  }
}

/** Who the secretariat records a unit's files as added by (and withdraws them by, when a later package no longer lists them). */
export const unitEvidenceAuthor = (unitCode: string, unitName: string): string => `${unitName} (đơn vị ${unitCode} tự đánh giá)`;
