// Offline exchange: member identities and keys, the campaign package (secretariat → member) and the
// member package (member → secretariat). Every package is signed; import verifies it against a key
// registered beforehand (or pinned on the first campaign package), checks the campaign and its criteria
// fingerprint, and applies everything in one transaction — or refuses and changes nothing.

import { createHash, randomUUID, verify as verifySignature, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { CRITERION_KINDS, DEFAULT_SET, TIE_RANKINGS, compareCodes, type Criterion } from '../../shared/domain.js';
import { displayArea, qualifiedArea, qualifyAreas, type SetModel } from '../../shared/criteria-sets.js';
import type { PackageImportAnswer, PackageImportSummary } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { readPackage, verifiedPayload, writePackage, writePackageWithCertificate, type Manifest, type ReadPackage } from '../exchange/container.js';
import { checkScore } from '../../shared/rules.js';
import { formatPoints } from '../../shared/numbers.js';
import { fingerprint, isEd25519PublicKey, loadPrivateKey, newKeyPair, savePrivateKey } from '../exchange/keys.js';
import type { MemberRecord, ProposalRecord } from '../repos/member-repo.js';
import { cleanFileName, displayName, fileNameProblem } from '../evidence/names.js';
import type { HistoryRow, Repositories } from '../repos/repositories.js';
import { now, type CampaignService } from './campaigns.js';
import type { ConsolidationService } from './consolidation.js';
import type { ScoringService } from './scoring.js';
import { describeCertificate } from '../signing/certificate.js';
import type { Signer } from '../signing/signer.js';
import { checkChain } from '../signing/trust.js';
import { acceptMemberEvidence, memberEvidenceOf, memberEvidenceSchema } from './evidence-exchange.js';
import { requireMember } from './lookups.js';
import { CalendarService, calendarPayloadSchema } from './calendar.js';
import { appraisalPhase } from '../../shared/calendar.js';
import { applyTreeUpdates, plannedTreeUpdates } from './criteria-sets.js';
import type { UnitRoleService } from './unit-role.js';

export const IDENTITY_FORMAT = 'par-member-identity/1';

export const identitySchema = z.object({
  format: z.literal(IDENTITY_FORMAT),
  uid: z.string().min(1).max(100),
  name: z.string().min(1).max(300),
  agency: z.string().max(300),
  role: z.string().max(300),
  kind: z.enum(['member', 'secretariat']),
  publicKey: z.string().min(1).max(2000),
  fingerprint: z.string().max(100),
  /** The X.509 certificate (DER, base64) the member also signs packages with, when one is configured. */
  certificate: z.string().min(1).max(40_000).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

/**
 * SHA-256 over the criteria that scores depend on: packages for other criteria are refused. A campaign
 * with the one default set hashes as before sets existed (packages made then still match); with several
 * sets each criterion's set is part of it.
 */
export function criteriaFingerprint(criteria: readonly Pick<Criterion, 'setCode' | 'code' | 'parentCode' | 'name' | 'maxMilli' | 'kind' | 'rule'>[]): string {
  const oneSet = criteria.every((c) => c.setCode === DEFAULT_SET.code);
  const canonical = [...criteria]
    .sort((a, b) => (a.setCode < b.setCode ? -1 : a.setCode > b.setCode ? 1 : 0) || compareCodes(a.code, b.code))
    .map((c) => (oneSet ? [c.code, c.parentCode, c.name, c.maxMilli, c.kind, c.rule] : [c.setCode, c.code, c.parentCode, c.name, c.maxMilli, c.kind, c.rule]));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

const milli = z.number().int().min(0).max(10_000_000).nullable();
const codeS = z.string().min(1).max(64);
const campaignPayloadSchema = z.object({
  campaign: z.object({ uid: z.string(), name: z.string().max(300), year: z.number().int(), issuer: z.string().max(300), decisionNo: z.string().max(100), decisionDate: z.string().max(20), policy: z.enum(['assigned', 'mean', 'median', 'manual']) }),
  // Sets (absent from packages made before there were several: the one default set).
  sets: z.array(z.object({ code: codeS, name: z.string().max(300), position: z.number().int() })).max(20).optional(),
  criteria: z.array(z.object({ setCode: codeS.default(DEFAULT_SET.code), code: codeS, parentCode: codeS.nullable(), name: z.string().max(2000), maxMilli: z.number().int().min(0), kind: z.enum(CRITERION_KINDS), rule: z.string().max(2000), position: z.number().int() })).max(2000),
  groups: z.array(z.object({ code: codeS, name: z.string().max(300), setCode: codeS.default(DEFAULT_SET.code), ranked: z.boolean(), position: z.number().int(), bands: z.array(z.object({ label: z.string().max(80), fromHundredths: z.number().int().min(0).max(10000) })).max(20) })).max(50),
  units: z.array(z.object({ code: codeS, name: z.string().max(300), groupCode: codeS, position: z.number().int() })).max(20_000),
  // The unit's own not-applicable claim and why travel too (absent from older packages: none).
  selfAssessment: z.array(z.object({ unitCode: codeS, criterionCode: codeS, selfMilli: milli, notApplicable: z.boolean(), explanation: z.string().max(4000), selfNotApplicable: z.boolean().optional(), selfReason: z.string().max(2000).optional() })).max(5_000_000),
  members: z.array(identitySchema.omit({ format: true, fingerprint: true })).max(500),
  assignments: z.array(z.object({ memberUid: z.string(), areas: z.array(codeS), units: z.array(codeS) })).max(500),
  recusals: z.array(z.object({ memberUid: z.string(), unitCode: codeS, reason: z.string().max(500) })).max(100_000),
  // Rounds (absent from packages made before rounds existed: round 1). In round 2 the package carries
  // round 1's finals, so members see them beside their round-2 input, and the units' answers to their requests.
  round: z.object({
    current: z.union([z.literal(1), z.literal(2)]),
    openedAt: z.string().max(40).nullable(),
    reason: z.string().max(2000),
    round1: z.array(z.object({ unitCode: codeS, criterionCode: codeS, pointsMilli: milli, notApplicable: z.boolean() })).max(5_000_000),
  }).optional(),
  answers: z.array(z.object({ memberUid: z.string().max(100), origin: z.string().max(100), answer: z.string().max(8000), answeredAt: z.string().max(40).nullable() })).max(100_000).optional(),
  // The campaign's index rules, so a member's sheet shows the index the campaign publishes (absent from older packages: the defaults).
  indexRules: z.object({ capIndex: z.boolean(), tieRanking: z.enum(TIE_RANKINGS) }).optional(),
  evidence: z.array(z.object({
    unitCode: codeS, criterionCode: codeS, sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().min(1).max(1000),
    mediaType: z.string().min(1).max(200), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), addedBy: z.string().max(300), addedAt: z.string().max(40),
  })).max(1_000_000).optional(),
  // The phase calendar, so members see the deadlines offline (absent from older packages: left as it is).
  calendar: calendarPayloadSchema.optional(),
});
type CampaignPayload = z.infer<typeof campaignPayloadSchema>;

/**
 * A long list of flat rows, checked in one pass by `accepts` and kept as parsed (zod would build a copy
 * of every row). A list that pass does not take whole (a row with a key the schema does not know, or any
 * value `accepts` refuses) goes through the row schema, which alone words the refusal (with the row's
 * path) or strips what it does not know; so `accepts` may be stricter than the schema, never looser.
 */
function rowList<S extends z.ZodObject>(row: S, max: number, accepts: (r: Record<string, unknown>) => boolean) {
  const keys = Object.keys(row.shape).length;
  const exact = (r: unknown): r is Record<string, unknown> => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
    let known = 0;
    let all = 0;
    for (const k in r) {
      all++;
      if (Object.hasOwn(row.shape, k)) known++;
    }
    return all === keys && known === keys;
  };
  const full = z.array(row).max(max);
  return z.unknown().transform((value, ctx): Array<z.output<S>> => {
    if (Array.isArray(value) && value.length <= max && value.every((r) => exact(r) && accepts(r))) return value as Array<z.output<S>>;
    const parsed = full.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}

const proposalRow = z.object({
  unitCode: codeS, criterionCode: codeS, round: z.number().int().min(1).max(2), pointsMilli: milli, notApplicable: z.boolean(),
  reason: z.string().max(4000), inputs: z.string().max(2000), revision: z.number().int().min(1), updatedAt: z.string().max(40),
});
const historyRow = z.object({
  at: z.string().max(40), action: z.string().max(60), unitCode: z.string().max(64).nullable(), criterionCode: z.string().max(64).nullable(),
  oldValue: z.string().max(4000).nullable(), newValue: z.string().max(4000).nullable(), reason: z.string().max(4000),
});
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const strOrNull = (v: unknown, max: number): boolean => v === null || str(v, 0, max);
const int = (v: unknown, min: number, max: number): boolean => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

const memberPayloadSchema = z.object({
  member: z.object({ uid: z.string(), name: z.string().max(300) }),
  // The two long lists (a 130-unit package holds 11,000 rows of each) are read by the quick checks below,
  // each the same bounds as its row schema beside it.
  proposals: rowList(proposalRow, 5_000_000, (r) =>
    str(r.unitCode, 1, 64) && str(r.criterionCode, 1, 64) && int(r.round, 1, 2) && (r.pointsMilli === null || int(r.pointsMilli, 0, 10_000_000))
    && typeof r.notApplicable === 'boolean' && str(r.reason, 0, 4000) && str(r.inputs, 0, 2000) && int(r.revision, 1, Number.MAX_SAFE_INTEGER) && str(r.updatedAt, 0, 40)),
  requests: z.array(z.object({
    origin: z.string().max(100), unitCode: codeS, criterionCode: codeS, text: z.string().max(4000), status: z.enum(['open', 'answered', 'withdrawn']),
    answer: z.string().max(8000), createdAt: z.string().max(40), answeredAt: z.string().max(40).nullable(),
  })).max(100_000),
  history: rowList(historyRow, 1_000_000, (r) =>
    str(r.at, 0, 40) && str(r.action, 0, 60) && strOrNull(r.unitCode, 64) && strOrNull(r.criterionCode, 64)
    && strOrNull(r.oldValue, 4000) && strOrNull(r.newValue, 4000) && str(r.reason, 0, 4000)),
  // The files the member attached (their bytes travel in the member's .parevd); absent from older packages.
  evidence: memberEvidenceSchema.optional(),
});

/** How an import treats a campaign package signed by an issuer key this machine has not trusted yet. */
export interface ImportOptions {
  /** The fingerprint the user checked by phone (the app's confirmation, `--expect-fingerprint`): must be the signer's. */
  expectFingerprint?: string | null;
  /** Digital signatures: the certificate's chain status, reported with a member package. */
  chainNote?: string | null;
}

/** Where the member's configured X.509 identity comes from (the signatures service). */
export interface PackageCertificates {
  /** The certificate (DER) this machine's member packages are also signed with; null: Ed25519 only. */
  packageCertificate(): Buffer | null;
  /** Opens that identity with the password or PIN, for one package (one login, never retried). */
  openPackageSigner(secret: string): Promise<Signer>;
  /** The trusted roots, for the chain status reported on import. */
  trustedRoots(): Buffer[];
}

const certificateKey = (uid: string) => `member_certificate:${uid}`;
const spki = (der: Buffer) => new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });

export class ExchangeService {
  constructor(
    private readonly r: Repositories,
    private readonly campaigns: CampaignService,
    private readonly scoring: ScoringService,
    private readonly consolidation: ConsolidationService,
    private readonly dataDir: string,
    private readonly certificates: PackageCertificates | null = null,
    private readonly calendar: CalendarService = new CalendarService(r, campaigns),
    private readonly units: UnitRoleService | null = null,
  ) {}

  private identityOf(m: MemberRecord): Identity {
    if (!m.publicKey) throw new AppError('not_found', 'exchange.memberNoKey', { name: m.name });
    const certificate = m.isSelf ? this.certificates?.packageCertificate() : this.registeredCertificate(m.uid);
    return {
      format: IDENTITY_FORMAT, uid: m.uid, name: m.name, agency: m.agency, role: m.role, kind: m.kind, publicKey: m.publicKey, fingerprint: fingerprint(m.publicKey),
      ...(certificate ? { certificate: certificate.toString('base64') } : {}),
    };
  }

  /** The certificate the secretariat registered for a member's packages, if any. */
  registeredCertificate(uid: string): Buffer | null {
    const b64 = this.r.meta.get(certificateKey(uid));
    return b64 ? Buffer.from(b64, 'base64') : null;
  }

  /** Verifies the certificate signature a registered certificate requires; returns the notes to show. */
  private certificateNotes(pkg: ReadPackage, member: MemberRecord, chainNote: string | null): string[] {
    const registered = this.registeredCertificate(member.uid);
    if (!registered) {
      return pkg.x509 ? ['Gói có kèm chữ ký bằng chứng thư số, nhưng chưa có chứng thư nào được đăng ký cho thành viên này: gói được xác thực bằng khóa Ed25519 đã đăng ký.'] : [];
    }
    const who = describeCertificate(registered);
    if (!pkg.x509) {
      throw new AppError('import_invalid', 'exchange.signatureMissing', { name: member.name, commonName: who.commonName });
    }
    let sameKey = false;
    try {
      sameKey = spki(pkg.x509.certificate).equals(spki(registered));
    } catch {
      sameKey = false;
    }
    if (!sameKey) {
      throw new AppError('import_invalid', 'exchange.otherCertificate', { commonName: who.commonName, name: member.name, sha256: who.sha256 });
    }
    const valid = verifySignature('sha256', pkg.manifestBytes, new X509Certificate(registered).publicKey, pkg.x509.signature);
    if (!valid) {
      throw new AppError('import_invalid', 'exchange.signatureInvalid', { commonName: who.commonName });
    }
    return [`Gói được ký bằng chứng thư số "${who.subject}" (vân tay SHA-256 ${who.sha256}).`, ...(chainNote ? [chainNote] : [])];
  }

  /**
   * The app's import (IPC, browser host): also reports the certificate's chain status, and a campaign
   * package from an issuer not trusted here yet is not imported but answered with the issuer's name and
   * fingerprint, to be confirmed by phone and sent again with `confirmFingerprint`.
   */
  async importPackageChecked(buffer: Uint8Array, actor: string, confirmFingerprint: string | null = null): Promise<PackageImportAnswer> {
    const pkg = readPackage(buffer);
    let chainNote: string | null = null;
    if (pkg.x509 && pkg.manifest.kind === 'member') {
      const chain = await checkChain(pkg.x509.certificate, [], this.certificates?.trustedRoots() ?? [], new Date());
      chainNote = `Chuỗi chứng thực của chứng thư ký gói: ${chain.message}`;
    }
    return this.importAny(buffer, actor, { chainNote, expectFingerprint: confirmFingerprint, firstKey: 'ask' });
  }

  /**
   * The member package, also signed with the configured certificate when there is one. The identity is
   * opened (password or PIN checked) before anything is counted, so a wrong PIN changes nothing.
   */
  async exportMemberPackageSigned(campaignId: number, secret: string): Promise<{ fileName: string; bytes: Buffer }> {
    const configured = this.certificates?.packageCertificate() ?? null;
    if (!configured) return this.exportMemberPackage(campaignId);
    const signer = await this.certificates!.openPackageSigner(secret);
    try {
      const parts = this.memberPackageParts(campaignId);
      const seqKey = `package_seq:${parts.c.uid}`;
      const before = this.r.meta.get(seqKey) ?? '0';
      const sequence = Number(before) + 1;
      const bytes = await writePackageWithCertificate(this.manifest('member', parts.c.uid, parts.c.name, this.r.criteria.list(campaignId), parts.m, sequence), parts.payload, parts.key, {
        certificate: signer.certificate,
        sign: (b) => signer.sign(b),
      });
      this.r.db.transaction(() => {
        if ((this.r.meta.get(seqKey) ?? '0') !== before) throw new AppError('conflict', 'exchange.concurrentExport');
        this.r.meta.set(seqKey, String(sequence));
        if (parts.lastHistoryId !== null) this.r.meta.set(parts.sinceKey, String(parts.lastHistoryId));
      })();
      return { fileName: parts.fileName(sequence), bytes };
    } finally {
      signer.close();
    }
  }

  /** This machine's profile with a fresh key (`par member init`); refuses to replace an existing key. */
  initSelf(input: { name: string; agency: string; role: string; kind: 'member' | 'secretariat' }): Identity {
    const existing = this.r.members.self();
    if (existing?.publicKey) {
      throw new AppError('conflict', 'exchange.profileExists', { name: existing.name, fingerprint: fingerprint(existing.publicKey) });
    }
    const keys = newKeyPair();
    const uid = existing?.uid ?? randomUUID();
    savePrivateKey(this.dataDir, uid, keys.privateKeyPem);
    this.r.db.transaction(() => {
      if (existing) this.r.members.update({ uid, ...input });
      else this.r.members.insert({ uid, ...input, isSelf: true, publicKey: null, createdAt: now() });
      this.r.members.setPublicKey(uid, keys.publicKeyPem);
    })();
    return this.identityOf(this.r.members.get(uid)!);
  }

  selfIdentity(): Identity | null {
    const m = this.r.members.self();
    return m?.publicKey ? this.identityOf(m) : null;
  }

  /** The secretariat registers a member from their identity file and assigns their areas (`par member add`). */
  registerMember(raw: unknown, campaignId: number, actor: string, replaceKey: { newFingerprint: string } | null = null): Identity {
    const parsed = identitySchema.safeParse(raw);
    if (!parsed.success || !isEd25519PublicKey(parsed.data.publicKey)) {
      throw new AppError('invalid_input', 'exchange.identityInvalid');
    }
    const id = parsed.data;
    const existing = this.r.members.get(id.uid);
    if (existing?.isSelf) throw new AppError('conflict', 'exchange.ownProfile');
    const certificate = id.certificate ? Buffer.from(id.certificate, 'base64') : null;
    if (certificate) {
      const info = describeCertificate(certificate);
      const known = this.registeredCertificate(id.uid);
      if (known && !known.equals(certificate)) {
        throw new AppError('conflict', 'exchange.memberOtherCertificate', { name: id.name, sha256: describeCertificate(known).sha256, commonName: info.commonName });
      }
    }
    // A registered key changes only by an explicit re-registration naming the new key's fingerprint,
    // which the person doing it has read with the member by phone.
    const replacing = !!existing?.publicKey && existing.publicKey.trim() !== id.publicKey.trim();
    if (replacing && (!replaceKey || compactFingerprint(replaceKey.newFingerprint) !== compactFingerprint(fingerprint(id.publicKey)))) {
      throw new AppError('conflict', 'exchange.memberOtherKey', { name: existing!.name, known: fingerprint(existing!.publicKey!), offered: fingerprint(id.publicKey) });
    }
    this.r.db.transaction(() => {
      if (existing) this.r.members.update({ uid: id.uid, name: id.name, agency: id.agency, role: id.role, kind: id.kind });
      else this.r.members.insert({ uid: id.uid, name: id.name, agency: id.agency, role: id.role, kind: id.kind, isSelf: false, publicKey: null, createdAt: now() });
      this.r.members.setPublicKey(id.uid, id.publicKey);
      this.r.members.markRegistered(id.uid, now());
      if (certificate) this.r.meta.set(certificateKey(id.uid), certificate.toString('base64'));
      this.r.history.append({ campaignId, at: now(), actor, action: 'member.register', unitCode: null, criterionCode: null, oldValue: replacing ? JSON.stringify({ fingerprint: fingerprint(existing!.publicKey!) }) : null, newValue: JSON.stringify({ uid: id.uid, name: id.name, fingerprint: fingerprint(id.publicKey) }), ...(replacing ? { reason: 'Đăng ký lại với khóa mới, dấu vân tay đã đối chiếu' } : {}) });
    })();
    return { ...id, fingerprint: fingerprint(id.publicKey) };
  }

  /**
   * Undoes a registration whose fingerprint did not match when read by phone: the member, their
   * assignments and registered certificate go. Refused once a package signed by that key was imported
   * (the key's work is on record; the registration stands).
   */
  unregisterMember(uid: string, campaignId: number, actor: string): { uid: string; name: string } {
    const m = this.r.members.get(uid);
    if (!m || m.isSelf || !this.r.members.isRegistered(uid)) throw new AppError('not_found', 'exchange.memberNotRegistered');
    if (this.r.exchange.importsBy(uid) > 0) {
      throw new AppError('conflict', 'exchange.memberHasPackages', { name: m.name });
    }
    this.r.db.transaction(() => {
      this.r.members.remove(uid, [certificateKey(uid)]);
      this.r.history.append({ campaignId, at: now(), actor, action: 'member.unregister', unitCode: null, criterionCode: null, oldValue: JSON.stringify({ uid, name: m.name, fingerprint: m.publicKey ? fingerprint(m.publicKey) : null }), newValue: null, reason: 'Dấu vân tay không khớp khi đối chiếu' });
    })();
    return { uid, name: m.name };
  }

  private signer(kind: 'member' | 'secretariat'): { m: MemberRecord; key: string } {
    let m = this.r.members.self();
    if (kind === 'secretariat' && !m) {
      this.initSelf({ name: 'Tổ thư ký Hội đồng thẩm định', agency: '', role: 'Tổ thư ký', kind: 'secretariat' });
      m = this.r.members.self();
    }
    if (!m) throw new AppError('forbidden', 'exchange.noProfile');
    if (m.kind !== kind) {
      throw new AppError('forbidden', kind === 'member' ? 'exchange.memberPackageOnSecretariat' : 'exchange.campaignPackageOnMember');
    }
    if (!m.publicKey) {
      const keys = newKeyPair();
      savePrivateKey(this.dataDir, m.uid, keys.privateKeyPem);
      this.r.members.setPublicKey(m.uid, keys.publicKeyPem);
      m = this.r.members.self()!;
    }
    return { m, key: loadPrivateKey(this.dataDir, m.uid) };
  }

  private nextSequence(campaignUid: string): number {
    return nextPackageSequence(this.r, campaignUid);
  }

  exportCampaignPackage(campaignId: number, forMember: string | null): { fileName: string; bytes: Buffer } {
    const c = this.campaigns.require(campaignId);
    if (forMember) requireMember(this.r, forMember);
    const { m, key } = this.signer('secretariat');
    const content = this.campaigns.content(campaignId);
    const model = this.scoring.modelOf(campaignId);
    const members = this.r.members.list().filter((x) => x.publicKey && x.kind === 'member');
    const payload: CampaignPayload = {
      campaign: { uid: c.uid, name: c.name, year: c.year, issuer: c.issuer, decisionNo: c.decisionNo, decisionDate: c.decisionDate, policy: this.r.exchange.settingsOf(campaignId).policy },
      sets: content.sets,
      criteria: content.criteria,
      groups: content.groups,
      units: content.units,
      selfAssessment: content.scores.map((s) => ({
        unitCode: s.unitCode, criterionCode: s.criterionCode, selfMilli: s.selfMilli, notApplicable: s.notApplicable, explanation: s.explanation ?? '',
        ...(s.selfNotApplicable ? { selfNotApplicable: true } : {}), ...(s.selfReason ? { selfReason: s.selfReason } : {}),
      })),
      members: members.map((x) => ({ uid: x.uid, name: x.name, agency: x.agency, role: x.role, kind: x.kind, publicKey: x.publicKey! })),
      // Areas as people write them ("3", or "XA:3" with several sets): read back through qualifyAreas.
      assignments: members.map((x) => {
        const a = this.r.members.assignment(campaignId, x.uid);
        return { memberUid: x.uid, areas: a.areas.map((q) => displayArea(model, q)), units: a.units };
      }),
      recusals: members.flatMap((x) => this.r.members.recusalsOf(campaignId, x.uid).map((q) => ({ memberUid: x.uid, unitCode: q.unitCode, reason: q.reason }))),
      round: this.roundForPackage(campaignId),
      answers: this.r.explanations.answeredWithOrigin(campaignId),
      indexRules: c.indexRules,
      evidence: this.r.evidence.linksOfCampaign(campaignId).map((l) => ({
        unitCode: l.unitCode, criterionCode: l.criterionCode, sha256: l.sha256, fileName: l.fileName, mediaType: l.mediaType, size: l.size, addedBy: l.addedBy, addedAt: l.addedAt,
      })),
      calendar: this.calendar.forPackage(campaignId),
    };
    const sequence = this.r.db.transaction(() => this.nextSequence(c.uid))();
    const bytes = writePackage({ ...this.manifest('campaign', c.uid, c.name, content.criteria, m, sequence), ...(forMember ? { recipientUid: forMember } : {}) }, payload, key);
    const who = forMember ? this.r.members.get(forMember)!.name : 'tat-ca';
    return { fileName: `dot-danh-gia-${c.year}-${slug(who)}.parpkg`, bytes };
  }

  private roundForPackage(campaignId: number): NonNullable<CampaignPayload['round']> {
    const state = this.r.rounds.stateOf(campaignId);
    const round1 = state.round === 2 ? this.r.rounds.resultsOf(campaignId, 1).map(({ decided: _d, ...x }) => x) : [];
    return { current: state.round, openedAt: state.openedAt, reason: state.reason, round1 };
  }

  exportMemberPackage(campaignId: number): { fileName: string; bytes: Buffer } {
    const configured = this.certificates?.packageCertificate() ?? null;
    if (configured) {
      throw new AppError('invalid_input', 'exchange.secretNeeded', { commonName: describeCertificate(configured).commonName });
    }
    const parts = this.memberPackageParts(campaignId);
    const sequence = this.r.db.transaction(() => {
      const n = this.nextSequence(parts.c.uid);
      if (parts.lastHistoryId !== null) this.r.meta.set(parts.sinceKey, String(parts.lastHistoryId));
      return n;
    })();
    const bytes = writePackage(this.manifest('member', parts.c.uid, parts.c.name, this.r.criteria.list(campaignId), parts.m, sequence), parts.payload, parts.key);
    return { fileName: parts.fileName(sequence), bytes };
  }

  /** What a member package holds, read without counting anything yet. */
  private memberPackageParts(campaignId: number) {
    const c = this.campaigns.require(campaignId);
    const { m, key } = this.signer('member');
    const sinceKey = `package_history:${c.uid}`;
    const since = Number(this.r.meta.get(sinceKey) ?? '0');
    // Every round: a round-1 proposal made late still reaches the secretariat (kept as round 1 there).
    const proposals = [...this.r.proposals.forMember(campaignId, m.uid, 1), ...this.r.proposals.forMember(campaignId, m.uid, 2)];
    const requests = this.r.units.list(campaignId).flatMap((u) => this.r.explanations.forUnit(campaignId, u.code)).filter((q) => q.memberUid === m.uid);
    const history = this.r.history.memberActionsSince(campaignId, since, m.uid);
    const payload = {
      member: { uid: m.uid, name: m.name },
      proposals: proposals.map((p) => ({ unitCode: p.unitCode, criterionCode: p.criterionCode, round: p.round, pointsMilli: p.pointsMilli, notApplicable: p.notApplicable, reason: p.reason, inputs: p.inputs, revision: p.revision, updatedAt: p.updatedAt })),
      requests: requests.map((q) => ({ origin: String(q.id), unitCode: q.unitCode, criterionCode: q.criterionCode, text: q.text, status: q.status, answer: q.answer, createdAt: q.createdAt, answeredAt: q.answeredAt })),
      history: history.map(({ id: _id, ...h }) => h),
      evidence: memberEvidenceOf(this.r, campaignId),
    };
    return {
      c,
      m,
      key,
      payload,
      sinceKey,
      lastHistoryId: history.length > 0 ? history[history.length - 1]!.id : null,
      fileName: (sequence: number) => `thanh-vien-${slug(m.name)}-${c.year}-${String(sequence).padStart(3, '0')}.parpkg`,
    };
  }

  private manifest(kind: 'campaign' | 'member', campaignUid: string, campaignName: string, criteria: Criterion[], m: MemberRecord, sequence: number): Omit<Manifest, 'format' | 'payloadSha256' | 'payloadSize'> {
    return {
      kind, campaignUid, campaignName, criteriaFingerprint: criteriaFingerprint(criteria),
      author: { uid: m.uid, name: m.name, fingerprint: fingerprint(m.publicKey!), publicKey: m.publicKey! }, sequence, createdAt: now(),
    };
  }

  /**
   * Imports a package (CLI, tests, the reliability worker). A first campaign package from an issuer this
   * machine does not know yet is trusted on first use unless `expectFingerprint` is given; the summary
   * carries the fingerprint so the caller can show it for checking by phone.
   */
  importPackage(buffer: Uint8Array, actor: string, options: ImportOptions = {}): PackageImportSummary {
    const answer = this.importAny(buffer, actor, { ...options, firstKey: 'accept' });
    if (answer.kind === 'confirm') throw new AppError('internal', 'exchange.fingerprintUnconfirmed');
    return answer;
  }

  private importAny(buffer: Uint8Array, actor: string, options: ImportOptions & { firstKey: 'ask' | 'accept' }): PackageImportAnswer {
    const pkg = readPackage(buffer);
    // A unit's machine takes its own unit package only.
    if (this.r.unitIdentities.self() && pkg.manifest.kind !== 'unit-campaign') throw new AppError('forbidden', 'unitRole.onlyUnitPackages');
    switch (pkg.manifest.kind) {
      case 'campaign':
        return this.importCampaign(pkg, actor, options);
      case 'member':
        return this.importMember(pkg, actor, options.chainNote ?? null);
      case 'unit-campaign':
        return this.requireUnits().importUnitCampaign(pkg, actor, options);
      case 'unit':
        return this.requireUnits().importSelfPackage(pkg, actor);
    }
  }

  private requireUnits(): UnitRoleService {
    if (!this.units) throw new AppError('internal', 'exchange.unitsUnavailable');
    return this.units;
  }

  /** A secretariat's machine: its profile says so, or (no profile yet) someone registered members here. */
  private isSecretariatMachine(self: MemberRecord | undefined): boolean {
    return self?.kind === 'secretariat' || (!self && this.r.members.anyRegistered());
  }

  private importCampaign(pkg: ReadPackage, actor: string, options: ImportOptions & { firstKey: 'ask' | 'accept' }): PackageImportAnswer {
    const { manifest } = pkg;
    const self = this.r.members.self();
    if (this.isSecretariatMachine(self)) throw new AppError('forbidden', 'exchange.secretariatNoCampaignPackage');
    const existing = this.campaigns.byUid(manifest.campaignUid);
    const pinned = existing ? this.r.exchange.settingsOf(existing.id) : null;
    if (existing && !pinned?.issuerKey) {
      throw new AppError('import_invalid', 'exchange.campaignLocal', { name: existing.name });
    }
    if (pinned?.issuerUid && pinned.issuerUid !== pkg.signer) {
      throw new AppError('import_invalid', 'exchange.issuerMismatch', { name: existing!.name, fingerprint: fingerprint(pinned.issuerKey!) });
    }
    // The first campaign package introduces the secretariat's key: its fingerprint is checked by phone.
    const signerKey = pinned?.issuerKey ?? this.embeddedIssuerKey(pkg);
    const signerFingerprint = fingerprint(signerKey);
    const payload = verifiedPayload(pkg, signerKey, campaignPayloadSchema);
    if (criteriaFingerprint(payload.criteria) !== manifest.criteriaFingerprint) throw new AppError('import_invalid', 'exchange.criteriaFingerprint');
    if (payload.campaign.uid !== manifest.campaignUid) throw new AppError('import_invalid', 'exchange.campaignUidMismatch');
    // The secretariat edited a set's tree (before anyone worked on its units): the new tree replaces this
    // machine's copy, unless the member has work of their own on a unit scored under that set.
    const treeUpdates = existing && criteriaFingerprint(this.r.criteria.list(existing.id)) !== manifest.criteriaFingerprint
      ? plannedTreeUpdates(this.r, existing.id, existing.name, payload.criteria, (setCode) => this.memberWorkUnder(existing.id, setCode, self ?? null))
      : [];
    // A member's machine takes only what was made for it: the package exported for this member, or
    // one for everyone that lists this member.
    if (self) {
      const forMe = manifest.recipientUid !== undefined ? manifest.recipientUid === self.uid : payload.members.some((m) => m.uid === self.uid);
      if (!forMe) {
        throw new AppError('forbidden', 'exchange.notForYou', { name: self.name });
      }
    }
    if (options.expectFingerprint != null && compactFingerprint(options.expectFingerprint) !== compactFingerprint(signerFingerprint)) {
      throw new AppError('import_invalid', 'exchange.fingerprintMismatch', { signerFingerprint, expected: options.expectFingerprint.trim().slice(0, 100) });
    }
    if (!pinned?.issuerKey && options.firstKey === 'ask' && options.expectFingerprint == null && !this.r.exchange.issuerKnown(signerKey)) {
      return { kind: 'confirm', campaignName: payload.campaign.name, issuerName: manifest.author.name, fingerprint: signerFingerprint };
    }
    const base = { kind: 'campaign' as const, campaignName: payload.campaign.name, author: manifest.author.name, authorFingerprint: signerFingerprint, stale: false, skipped: 0, conflicts: 0, finalsChanged: 0 };
    if (this.r.exchange.imported(pkg.sha256)) {
      return { ...base, campaignId: existing!.id, alreadyImported: true, applied: 0, notes: ['Gói này đã được nhập trước đó: không có gì thay đổi.'] };
    }
    // Freshness: USB sticks arrive out of order; an older package would roll assignments, units and evidence back.
    if (existing) {
      const last = this.r.exchange.lastSequence(existing.id, pkg.signer, 'campaign');
      if (manifest.sequence <= last) {
        throw new AppError('import_invalid', 'exchange.olderPackage', { sequence: manifest.sequence, last, name: existing.name });
      }
    }
    const at = now();
    const notes: string[] = [];
    if (!pinned?.issuerKey && !this.r.exchange.issuerKnown(signerKey)) {
      notes.push(`Khóa của Tổ thư ký được ghi nhận lần đầu, dấu vân tay ${signerFingerprint}: hãy gọi điện cho Tổ thư ký và cùng đọc để đối chiếu.`);
    }
    let evidenceLinks = 0;
    let evidenceWithdrawn = 0;
    // A refused import rolls back a replaced tree too: the model cached meanwhile must not outlive it.
    const forgetOnFailure = <T>(run: () => T): T => {
      try {
        return run();
      } catch (error) {
        if (existing) this.scoring.forget(existing.id);
        throw error;
      }
    };
    const campaignId = forgetOnFailure(() => this.r.db.transaction(() => {
      let id = existing?.id;
      if (!id) {
        id = this.campaigns.insertContent(
          { name: payload.campaign.name, year: payload.campaign.year, issuer: payload.campaign.issuer, decisionNo: payload.campaign.decisionNo, decisionDate: payload.campaign.decisionDate, ...(payload.indexRules ? { indexRules: payload.indexRules } : {}), sets: payload.sets ?? [{ ...DEFAULT_SET }], criteria: payload.criteria, groups: payload.groups, units: payload.units, scores: [] },
          actor, `package:${pkg.sha256}`, payload.campaign.uid,
        );
        this.r.exchange.pinIssuer(id, signerKey, pkg.signer);
      } else {
        const treeNote = applyTreeUpdates(this.r, id, treeUpdates, { actor, at, source: `package:${pkg.sha256}` });
        if (treeNote) {
          this.scoring.forget(id);
          notes.push(treeNote);
        }
        if (payload.indexRules) this.r.campaigns.setIndexRules(id, payload.indexRules);
        const known = new Set(this.r.units.list(id).map((u) => u.code));
        for (const u of payload.units) {
          if (known.has(u.code)) this.r.units.update(id, u.code, u);
          else this.r.units.insertAll(id, [u]);
        }
      }
      for (const s of payload.selfAssessment) this.r.scores.putSelf(id, s, at);
      // The member table is shared by every campaign: a key already here (registered by a person, or
      // brought by an earlier package) never changes through a package.
      for (const m of payload.members) {
        const local = this.r.members.get(m.uid);
        if (local?.isSelf || (local && this.r.members.isRegistered(m.uid))) continue;
        if (!local) this.r.members.insert({ ...m, isSelf: false, publicKey: isEd25519PublicKey(m.publicKey) ? m.publicKey : null, createdAt: at });
        else {
          this.r.members.update({ uid: m.uid, name: m.name, agency: m.agency, role: m.role, kind: m.kind });
          if (!local.publicKey && isEd25519PublicKey(m.publicKey)) this.r.members.setPublicKey(m.uid, m.publicKey);
        }
      }
      const model = this.scoring.modelOf(id);
      for (const a of payload.assignments) {
        if (this.r.members.get(a.memberUid)) this.r.members.setAssignment(id, a.memberUid, qualifyAreas(model, a.areas).areas, a.units);
      }
      for (const q of payload.recusals) if (this.r.members.get(q.memberUid)) this.r.members.recuse(id, q.memberUid, q.unitCode, q.reason, at);
      if (payload.calendar) this.calendar.applyFromPackage(id, payload.calendar, actor, at, `package:${pkg.sha256}`);
      if (payload.round) {
        const local = this.r.rounds.stateOf(id);
        if (payload.round.current >= local.round) {
          if (payload.round.current !== local.round) {
            this.r.history.append({ campaignId: id, at, actor, action: 'round.open', unitCode: null, criterionCode: null, oldValue: String(local.round), newValue: String(payload.round.current), reason: payload.round.reason, source: `package:${pkg.sha256}` });
          }
          this.r.rounds.setRound(id, payload.round.current, payload.round.openedAt, payload.round.reason);
          if (payload.round.current === 2) this.r.rounds.replaceResults(id, 1, payload.round.round1, at);
        } else notes.push('Gói này cũ hơn: máy này đã ở vòng thẩm định 2, giữ nguyên vòng 2.');
      }
      if (self) {
        for (const a of payload.answers ?? []) {
          if (a.memberUid !== self.uid || !/^\d+$/.test(a.origin)) continue;
          const q = this.r.explanations.get(id, Number(a.origin));
          if (!q || q.memberUid !== self.uid || (q.status === 'answered' && q.answer === a.answer)) continue;
          this.r.explanations.setStatus(id, q.id, 'answered', a.answer, a.answeredAt ?? at);
          this.r.history.append({ campaignId: id, at, actor, action: 'explanation.answer', unitCode: q.unitCode, criterionCode: q.criterionCode, oldValue: q.status, newValue: 'answered', reason: a.answer, source: `package:${pkg.sha256}` });
        }
      }
      const setOfUnit = this.scoring.setsByUnit(id);
      for (const l of payload.evidence ?? []) {
        if (!setOfUnit(l.unitCode)?.tree.byCode.has(l.criterionCode)) {
          throw new AppError('import_invalid', 'package.evidenceForUnknownCell', { unitCode: l.unitCode, criterionCode: l.criterionCode });
        }
        // The name is shown to the member: no invisible characters may disguise it (see evidence/names.ts).
        const fileName = cleanFileName(l.fileName);
        const nameProblem = fileNameProblem(fileName);
        if (nameProblem) throw new AppError('import_invalid', 'exchange.evidenceNameInvalid', { fileName: displayName(fileName), nameProblem });
        if (this.r.evidence.insertFromPackage({ campaignId: id, ...l, fileName }) !== null) evidenceLinks++;
      }
      // A link an earlier package brought and this one no longer lists was removed by the secretariat.
      // Files attached on this machine are never touched; an older package without links withdraws nothing.
      if (payload.evidence) {
        const listed = new Set(payload.evidence.map((l) => `${l.unitCode}\u0000${l.criterionCode}\u0000${l.sha256}`));
        for (const old of this.r.evidence.packageLinks(id)) {
          if (listed.has(`${old.unitCode}\u0000${old.criterionCode}\u0000${old.sha256}`)) continue;
          this.r.evidence.delete(old.id);
          evidenceWithdrawn++;
          this.r.history.append({ campaignId: id, at, actor, action: 'evidence.remove', unitCode: old.unitCode, criterionCode: old.criterionCode, oldValue: JSON.stringify({ evidenceId: old.id, fileName: old.fileName, sha256: old.sha256 }), newValue: null, source: `package:${pkg.sha256}` });
        }
      }
      this.r.exchange.recordImport(pkg.sha256, id, 'campaign', pkg.signer, manifest.sequence, at, `${payload.units.length} đơn vị`);
      this.r.history.append({ campaignId: id, at, actor, action: 'package.import', unitCode: null, criterionCode: null, oldValue: null, newValue: JSON.stringify({ kind: 'campaign', sequence: manifest.sequence }), source: `package:${pkg.sha256}` });
      return id;
    })());
    if (self && !payload.assignments.some((a) => a.memberUid === self.uid && a.areas.length > 0)) notes.push('Gói này không phân công lĩnh vực nào cho hồ sơ trên máy này.');
    const waiting = this.r.evidence.linksOfCampaign(campaignId).filter((l) => !l.available).length;
    if (evidenceLinks > 0) notes.push(`${evidenceLinks} tài liệu kiểm chứng mới được ghi nhận.`);
    if (evidenceWithdrawn > 0) notes.push(`${evidenceWithdrawn} tài liệu kiểm chứng đã được Tổ thư ký gỡ nên không còn hiển thị.`);
    if (waiting > 0) notes.push(`${waiting} tài liệu kiểm chứng chưa có tệp: hãy nhập gói tài liệu kiểm chứng (.parevd) do Tổ thư ký gửi kèm.`);
    return { ...base, campaignId, alreadyImported: false, applied: payload.selfAssessment.length, notes };
  }

  /** The member's own work on units scored under a set: proposals, files attached here, requests asked. */
  private memberWorkUnder(campaignId: number, setCode: string, self: MemberRecord | null): boolean {
    const units = new Set([...this.r.units.setCodes(campaignId)].filter(([, s]) => s === setCode).map(([u]) => u));
    if (this.r.evidence.localLinks(campaignId).some((l) => units.has(l.unitCode))) return true;
    if (!self) return false;
    if ([1, 2].some((round) => this.r.proposals.forMember(campaignId, self.uid, round).some((p) => units.has(p.unitCode)))) return true;
    return this.r.explanations.forCampaign(campaignId).some((q) => q.memberUid === self.uid && units.has(q.unitCode));
  }

  /** Only for a campaign never seen here: the key the package carries (trust on first use; its fingerprint is shown). */
  private embeddedIssuerKey(pkg: ReadPackage): string {
    const key = pkg.manifest.author.publicKey;
    if (!isEd25519PublicKey(key) || fingerprint(key) !== pkg.manifest.author.fingerprint) {
      throw new AppError('import_invalid', 'exchange.issuerKeyInvalid');
    }
    return key;
  }

  private importMember(pkg: ReadPackage, actor: string, chainNote: string | null = null): PackageImportSummary {
    const { manifest } = pkg;
    const self = this.r.members.self();
    if (self?.kind === 'member') {
      throw new AppError('forbidden', 'exchange.memberPackageOnMember', { name: self.name });
    }
    const c = this.campaigns.byUid(manifest.campaignUid);
    if (!c) throw new AppError('import_invalid', 'exchange.unknownCampaign');
    const member = this.r.members.get(pkg.signer);
    if (!member?.publicKey || member.isSelf) {
      // Only what was verified is quoted: the fingerprint is computed from the key itself, never the manifest's name.
      const claimed = isEd25519PublicKey(manifest.author.publicKey) ? ` (dấu vân tay ${fingerprint(manifest.author.publicKey)})` : '';
      throw new AppError('import_invalid', 'exchange.unknownSigner', { claimed });
    }
    const payload = verifiedPayload(pkg, member.publicKey, memberPayloadSchema, member.name);
    const certificateNotes = this.certificateNotes(pkg, member, chainNote);
    if (criteriaFingerprint(this.r.criteria.list(c.id)) !== manifest.criteriaFingerprint) {
      throw new AppError('import_invalid', 'exchange.criteriaMismatch', { name: c.name });
    }
    if (payload.member.uid !== member.uid) throw new AppError('import_invalid', 'exchange.memberMismatch');
    const base = { kind: 'member' as const, campaignId: c.id, campaignName: c.name, author: member.name, authorFingerprint: fingerprint(member.publicKey) };
    if (this.r.exchange.imported(pkg.sha256)) {
      return { ...base, alreadyImported: true, stale: false, applied: 0, skipped: 0, conflicts: 0, finalsChanged: 0, notes: ['Gói này đã được nhập trước đó: không có gì thay đổi.', ...certificateNotes] };
    }
    this.campaigns.requireOpen(c.id);
    // Each proposal's code is read in its unit's set.
    const setOfUnit = this.scoring.setsByUnit(c.id);
    const unknown = payload.proposals.find((p) => !setOfUnit(p.unitCode)?.tree.byCode.has(p.criterionCode));
    if (unknown) throw new AppError('import_invalid', 'exchange.scoreForUnknownCell', { unitCode: unknown.unitCode, criterionCode: unknown.criterionCode });
    // Rounds: a round-2 proposal for a campaign still in round 1 here cannot be placed anywhere safely.
    const round = this.r.rounds.stateOf(c.id).round;
    const ahead = payload.proposals.find((p) => p.round > round);
    if (ahead) {
      throw new AppError('import_invalid', 'exchange.roundAhead', { round: ahead.round, unitCode: ahead.unitCode, criterionCode: ahead.criterionCode, name: c.name, localRound: round });
    }
    // Only what this package would change is applied, so only that is held to the member's scope and rules.
    // The member's proposals and the campaign's decisions are read once each, not once per cell (a package
    // holds thousands of cells); the transaction below re-reads nothing a concurrent writer could change
    // between, since better-sqlite3 runs it synchronously on this one connection.
    const held = new Map<string, Pick<ProposalRecord, 'pointsMilli' | 'notApplicable' | 'revision'>>();
    for (const r of [1, 2]) for (const q of this.r.proposals.forMember(c.id, member.uid, r)) held.set(`${q.unitCode}\u0000${q.criterionCode}\u0000${q.round}`, q);
    const heldOf = (p: { unitCode: string; criterionCode: string; round: number }) => held.get(`${p.unitCode}\u0000${p.criterionCode}\u0000${p.round}`);
    const incoming = payload.proposals.filter((p) => {
      const current = heldOf(p);
      return !current || current.revision < p.revision;
    });
    const refused = this.outOfScope(c.id, member, setOfUnit, incoming);
    if (refused.length > 0) {
      const shown = refused.slice(0, 8).join('; ');
      throw new AppError('import_invalid', 'exchange.cellsRefused', { name: member.name, count: refused.length, shown, ellipsis: refused.length > 8 ? '; …' : '' });
    }
    // The calendar: proposals of a round whose appraisal phase has closed (judged now, at import here) refuse the whole package.
    for (const r of new Set(incoming.map((p) => p.round))) this.calendar.requireOpen(c.id, appraisalPhase(r), `thành viên "${member.name}"`);
    const stale = manifest.sequence < this.r.exchange.lastSequence(c.id, member.uid, 'member');
    const at = now();
    const source = `package:${pkg.sha256}`;
    let applied = 0;
    let conflicts = 0;
    let earlier = 0;
    let requestsChanged = 0;
    const skipped = payload.proposals.length - incoming.length;
    const touched: Array<{ unitCode: string; criterionCode: string }> = [];
    const evidenceNotes: string[] = [];
    const finalsChanged = this.r.db.transaction(() => {
      evidenceNotes.push(...acceptMemberEvidence(this.r, { campaignId: c.id, memberName: member.name, links: payload.evidence, actor, at, source }));
      const decisions = new Map(this.r.exchange.decisionsOf(c.id).map((d) => [`${d.unitCode}\u0000${d.criterionCode}`, d]));
      // The proposals and the secretariat's own record of what the import applied (the member's account
      // goes to member_history) are written after this loop, a few hundred rows per statement, in the package's order.
      const applyRecord: HistoryRow[] = [];
      for (const p of incoming) {
        const k = `${p.unitCode}\u0000${p.criterionCode}\u0000${p.round}`;
        const before = held.get(k);
        held.set(k, p);
        applyRecord.push({
          action: 'proposal.import', unitCode: p.unitCode, criterionCode: p.criterionCode,
          oldValue: proposalValue(before), newValue: proposalValue(p), reason: `${member.name} (vòng ${p.round}): ${p.reason}`,
        });
        applied++;
        // An earlier round's proposal is kept as it is, but that round is closed: it changes no final.
        if (p.round < round) {
          earlier++;
          continue;
        }
        const decision = decisions.size > 0 ? decisions.get(`${p.unitCode}\u0000${p.criterionCode}`) : undefined;
        if (decision && (decision.pointsMilli !== p.pointsMilli || decision.notApplicable !== p.notApplicable)) {
          this.r.exchange.addConflict(c.id, { unitCode: p.unitCode, criterionCode: p.criterionCode, memberUid: member.uid, pointsMilli: p.pointsMilli, notApplicable: p.notApplicable, reason: p.reason, packageSha256: pkg.sha256, createdAt: at });
          conflicts++;
        }
        touched.push(p);
      }
      this.r.exchange.putImportedProposals(c.id, member.uid, incoming);
      this.r.history.appendAll({ campaignId: c.id, at, actor, source }, applyRecord);
      // A member asks and may withdraw (or reopen) their own requests; the unit's answer is the
      // secretariat's record and no member package changes it. A stale package changes no request.
      if (!stale) {
        for (const q of payload.requests) {
          if (!setOfUnit(q.unitCode)?.tree.byCode.has(q.criterionCode)) continue;
          const status = q.status === 'withdrawn' ? 'withdrawn' : 'open';
          const local = this.r.explanations.byOrigin(c.id, member.uid, q.origin);
          if (local && (local.status === 'answered' || (local.text === q.text && local.status === status))) continue;
          if (local) this.r.explanations.updateFromMember(local.id, q.text, status);
          else this.r.explanations.putImported(c.id, { origin: q.origin, unitCode: q.unitCode, criterionCode: q.criterionCode, memberUid: member.uid, text: q.text, status, answer: '', createdAt: q.createdAt, answeredAt: null });
          this.r.history.append({ campaignId: c.id, at, actor, action: 'explanation.import', unitCode: q.unitCode, criterionCode: q.criterionCode, oldValue: local?.status ?? null, newValue: status, reason: `${member.name}: ${q.text}`, source });
          requestsChanged++;
        }
      }
      this.r.exchange.addMemberHistoryAll(c.id, member.uid, pkg.sha256, payload.history);
      this.r.exchange.recordImport(pkg.sha256, c.id, 'member', member.uid, manifest.sequence, at, JSON.stringify({ applied, skipped, conflicts }));
      this.r.history.append({ campaignId: c.id, at, actor, action: 'package.import', unitCode: null, criterionCode: null, oldValue: null, newValue: JSON.stringify({ kind: 'member', member: member.name, memberUid: member.uid, sequence: manifest.sequence, applied, skipped, conflicts, requests: requestsChanged }), source });
      return this.consolidation.recompute(c.id, touched, actor, source);
    })();
    const notes: string[] = [...certificateNotes, ...evidenceNotes];
    if (stale) notes.push('Gói này cũ hơn một gói đã nhập của cùng thành viên: chỉ những ô mới hơn mới được áp dụng; yêu cầu giải trình giữ nguyên.');
    if (conflicts > 0) notes.push(`${conflicts} ô đã được Tổ thư ký quyết định nay có đề xuất khác: cần xem xét (xung đột).`);
    if (earlier > 0) notes.push(`${earlier} ô là điểm đề xuất vòng 1 đến muộn: đã lưu lại nhưng không thay đổi kết quả vòng 2.`);
    return { ...base, alreadyImported: false, stale, applied, skipped, conflicts, finalsChanged, notes };
  }

  /**
   * The cells of a member package the member may not propose: outside their assigned areas (and units),
   * on a unit they are recused from, survey cells (the secretariat imports those), or points their
   * sub-criterion's rule does not give (the rule members score with, shared/rules.ts; bonus and
   * penalty capped at their maximum). Each as "unit / criterion: why", for the refusal.
   */
  private outOfScope(campaignId: number, member: MemberRecord, setOfUnit: (unitCode: string) => SetModel | undefined, proposals: ReadonlyArray<{ unitCode: string; criterionCode: string; pointsMilli: number | null }>): string[] {
    const assignment = this.r.members.assignment(campaignId, member.uid);
    const areas = new Set(assignment.areas);
    const assignedUnits = assignment.units.length > 0 ? new Set(assignment.units) : null;
    const recused = new Set(this.r.members.recusalsOf(campaignId, member.uid).map((r) => r.unitCode));
    const out: string[] = [];
    // What depends on the criterion alone is worked out once per code, not once per cell (a package holds thousands).
    const byCode = new Map<string, { inArea: boolean; survey: boolean }>();
    for (const p of proposals) {
      // Every proposal's code was found in its unit's set before this is called.
      const set = setOfUnit(p.unitCode)!;
      const tree = set.tree;
      const node = tree.byCode.get(p.criterionCode)!;
      // Keyed by set and code: 1.1 of one set is not 1.1 of the other.
      const codeKey = `${set.set.code}\u0000${p.criterionCode}`;
      let code = byCode.get(codeKey);
      if (!code) {
        const leaves = node.children.length === 0 ? [node] : tree.leaves.filter((l) => l.criterion.code.startsWith(`${p.criterionCode}.`));
        code = { inArea: areas.has(qualifiedArea(set.set.code, p.criterionCode.split('.')[0]!)), survey: leaves.some((l) => l.criterion.kind === 'survey') };
        byCode.set(codeKey, code);
      }
      if (recused.has(p.unitCode)) out.push(`${cellName(p)}: thành viên không tham gia chấm đơn vị này`);
      else if (!code.inArea || (assignedUnits && !assignedUnits.has(p.unitCode))) out.push(`${cellName(p)}: ngoài lĩnh vực hoặc đơn vị được phân công`);
      else if (code.survey) out.push(`${cellName(p)}: điểm điều tra xã hội học do Tổ thư ký nhập`);
      else if (p.pointsMilli !== null) {
        if (node.children.length > 0) out.push(`${cellName(p)}: chỉ chấm điểm ở tiêu chí thành phần cuối cùng`);
        else {
          // The one rule every score path checks; a member's proposal may not pass a bonus/penalty cap either.
          const problem = checkScore(node.criterion, p.pointsMilli)
            ?? (p.pointsMilli > node.criterion.maxMilli ? `điểm ${formatPoints(p.pointsMilli)} vượt điểm tối đa ${formatPoints(node.criterion.maxMilli)}` : null);
          if (problem) out.push(`đơn vị ${p.unitCode} — ${problem.replace(/\.$/, "")}`);
        }
      }
    }
    return out;
  }

  identityFile(): string {
    const id = this.selfIdentity();
    if (!id) throw new AppError('not_found', 'exchange.noSigningProfile');
    return JSON.stringify(id, null, 2);
  }
}

/** What the points a member proposes must fit: the rule they score with (shared/rules.ts), or null. */
/** A proposal as the secretariat's history keeps it: points in thousandths, as proposal.points rows do. */
function proposalValue(p: { pointsMilli: number | null; notApplicable: boolean } | undefined): string | null {
  if (!p) return null;
  return p.notApplicable ? 'Không áp dụng' : p.pointsMilli === null ? null : String(p.pointsMilli);
}

/** A cell as a refusal names it. */
const cellName = (p: { unitCode: string; criterionCode: string }) => `đơn vị ${p.unitCode}, tiêu chí ${p.criterionCode}`;

/** The next sequence number of this machine's packages for a campaign (every kind it signs counts on one number). */
export function nextPackageSequence(r: Repositories, campaignUid: string): number {
  const k = `package_seq:${campaignUid}`;
  const n = Number(r.meta.get(k) ?? '0') + 1;
  r.meta.set(k, String(n));
  return n;
}

export const compactFingerprint = (fp: string): string => fp.replace(/[\s:-]/g, '').toUpperCase();

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'goi';
}
