// The one typed API contract: method name → zod input schema → output type.
// Electron IPC, the browser host and the CLI all dispatch through it.

import { z } from 'zod';
import type { Band, Campaign, CriterionKind, Unit } from './domain.js';
import type { Ranking } from './calc.js';
import type { Rule, RuleInput } from './rules.js';

const campaignId = z.number().int().positive();
const code = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);
const pointsMilli = z.number().int().min(0).max(10_000_000);
const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

export const ruleInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), pointsMilli: z.number().int().min(0).max(10_000_000) }),
  z.object({ kind: z.literal('option'), index: z.number().int().min(0).max(8) }),
  z.object({ kind: z.literal('percent'), hundredths: z.number().int().min(0).max(10000) }),
  z.object({ kind: z.literal('figures'), numerator: z.number().finite().min(0).max(1e12), denominator: z.number().finite().min(0).max(1e12) }),
]);

export const bandSchema = z.object({
  label: text(80).min(1),
  fromHundredths: z.number().int().min(0).max(10000),
});

export const groupSchema = z.object({
  code,
  name: text(200).min(1),
  ranked: z.boolean(),
  bands: z.array(bandSchema).max(20),
});

// ——— Evidence (tài liệu kiểm chứng): input pieces ———
const evidenceId = z.number().int().positive();
const uploadId = z.string().uuid();
/** A path the OS handed over (a double-clicked package); the renderer names no other path. */
const localPath = z.string().min(1).max(4096);
/**
 * A file the user chose in the shell's open dialog (Electron): an opaque token the main process maps
 * to the path, spent by the call that uses it. The renderer never sends a path of its own.
 */
const fileToken = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'không phải mã của tệp đã chọn');
/** What an open dialog is for: its filters, whether it picks folders, which calls may use its tokens. */
export const FILE_PURPOSES = ['evidence', 'evidenceFolder', 'evidenceZip', 'backup', 'evidenceBundle', 'pkcs11Driver'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
/** Base64 of at most 8 MB per chunk. */
export const MAX_CHUNK_BASE64 = Math.ceil((8 * 1024 * 1024) / 3) * 4;
// ——— end of evidence input pieces ———

// ——— Survey, bonus and penalty; audit log: input pieces ———
/** ISO instants (the renderer turns local days into them); `to` is exclusive. */
const auditFilter = {
  campaignId,
  unitCode: code.optional(),
  criterionCode: code.optional(),
  actor: text(200).optional(),
  action: text(60).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
};
// ——— end of survey and audit input pieces ———
// ——— Digital signatures: input pieces ———
/** Passwords and PINs: checked for shape only, never echoed in a message, never stored. */
const secret = z.string().max(256);
const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'không phải dữ liệu base64');
const MAX_P12_BASE64 = Math.ceil((1024 * 1024) / 3) * 4;
const MAX_CERT_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;
/** Annexes are small; a signed file to check may be up to 64 MB. */
const MAX_SIGNED_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;
/**
 * A PKCS#11 driver file on this machine (.dll, .so, .dylib), by absolute path: one of those
 * `signature/modules` lists (SignatureService.isAllowedModule refuses any other — loading it runs native code).
 */
const modulePath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .regex(/^(?:[A-Za-z]:[\\/]|\/)/, 'cần đường dẫn đầy đủ')
  .regex(/\.(?:dll|so(?:\.\d+)*|dylib)$/i, 'cần tệp thư viện .dll, .so hoặc .dylib');
/** A driver from the list of known CA drivers (signature/modules), or one the user chose in the open dialog. */
const driver = z.union([modulePath, z.object({ fileToken })]);
export type DriverRef = z.input<typeof driver>;
// ——— end of digital signature input pieces ———

/** A caller-made name of a long call (letters, digits, '_' and '-'), sent beside the call by each door. */
const JOB_ID = /^[\w-]{1,100}$/;
export const isJobId = (value: unknown): value is string => typeof value === 'string' && JOB_ID.test(value);

export const contract = {
  'app/info': { input: z.object({}) },
  /** Stops a long operation the caller started with this job id; nothing it did is kept. */
  'job/cancel': { input: z.object({ jobId: z.string().regex(JOB_ID) }) },
  'campaign/list': { input: z.object({}) },
  'campaign/get': { input: z.object({ campaignId }) },
  'campaign/create': {
    input: z.object({
      name: text(300).min(1),
      year: z.number().int().min(2000).max(2100),
      issuer: text(300),
      /** Copy criteria, groups, bands (and optionally units) from an existing campaign, or from the bundled set. */
      template: z.union([
        z.object({ kind: z.literal('bundled') }),
        z.object({ kind: z.literal('campaign'), campaignId, copyUnits: z.boolean() }),
      ]),
    }),
  },
  'campaign/update': {
    input: z.object({
      campaignId,
      name: text(300).min(1).optional(),
      year: z.number().int().min(2000).max(2100).optional(),
      issuer: text(300).optional(),
      decisionNo: text(100).optional(),
      decisionDate: isoDate.optional(),
    }),
  },
  'campaign/delete': { input: z.object({ campaignId }) },
  'campaign/setGroups': { input: z.object({ campaignId, groups: z.array(groupSchema).min(1).max(50) }) },
  'unit/list': { input: z.object({ campaignId }) },
  'unit/save': {
    input: z.object({ campaignId, originalCode: code.nullable(), code, name: text(300).min(1), groupCode: code }),
  },
  'unit/delete': { input: z.object({ campaignId, code }) },
  'sheet/get': { input: z.object({ campaignId, unitCode: code }) },
  'score/set': {
    /** reason: required (code 'reason_required') when the points differ from the self-score or a member's proposal (shared/rules.ts needsReason). */
    input: z.object({ campaignId, unitCode: code, criterionCode: code, pointsMilli: pointsMilli.nullable(), reason: text(2000).optional() }),
  },
  'score/setNotApplicable': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, notApplicable: z.boolean() }),
  },
  'ranking/get': { input: z.object({ campaignId }) },
  'workbook/import': {
    input: z.object({
      fileName: text(500),
      contentBase64: z.string().max(200_000_000),
      /** A campaign of that name and year exists: true imports it again as a copy named "… (2)" (asked first). */
      asCopy: z.boolean().optional(),
    }),
  },
  'workbook/export': { input: z.object({ campaignId }) },
  'annex/export': {
    input: z.object({
      campaignId,
      /** Phụ lục I (ranking), II (component indices), III (per-unit sheets) or all three in one file. */
      annex: z.enum(['I', 'II', 'III', 'all']).default('I'),
      format: z.enum(['xlsx', 'pdf']).default('xlsx'),
      decisionNo: text(100).optional(),
      decisionDate: isoDate.optional(),
      issuer: text(300).optional(),
    }),
  },
  'previous/import': {
    input: z.object({
      campaignId,
      fileName: text(500),
      contentBase64: z.string().max(200_000_000),
      /** The year of those results; default: the file's own year, else the campaign's year − 1. */
      year: z.number().int().min(2000).max(2100).optional(),
    }),
  },
  'previous/get': { input: z.object({ campaignId }) },
  'previous/map': {
    input: z.object({
      campaignId,
      unitCode: code,
      choice: z.union([
        z.object({ kind: z.literal('auto') }),
        z.object({ kind: z.literal('none') }),
        z.object({ kind: z.literal('unit'), prevCode: code }),
      ]),
    }),
  },
  'previous/clear': { input: z.object({ campaignId }) },
  // ——— Member workspace (profile, assignments, recusals, proposals, explanation requests) ———
  'member/self': { input: z.object({}) },
  'member/saveSelf': {
    input: z.object({
      name: text(200).min(1),
      agency: text(300),
      role: text(200),
      kind: z.enum(['member', 'secretariat']),
    }),
  },
  'member/list': { input: z.object({ campaignId }) },
  'member/assign': {
    input: z.object({ campaignId, memberUid: code, areas: z.array(code).max(50), units: z.array(code).max(10_000) }),
  },
  'member/recuse': {
    input: z.object({ campaignId, memberUid: code, unitCode: code, recused: z.boolean(), reason: text(500) }),
  },
  'workspace/get': { input: z.object({ campaignId }) },
  'proposal/sheet': { input: z.object({ campaignId, unitCode: code }) },
  'proposal/set': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, input: ruleInputSchema.nullable(), reason: text(2000).optional() }),
  },
  'proposal/setReason': { input: z.object({ campaignId, unitCode: code, criterionCode: code, reason: text(2000) }) },
  'proposal/setNotApplicable': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, notApplicable: z.boolean() }),
  },
  'explanation/request': { input: z.object({ campaignId, unitCode: code, criterionCode: code, text: text(2000).min(1) }) },
  'explanation/setStatus': {
    input: z.object({ campaignId, id: z.number().int().positive(), status: z.enum(['open', 'answered', 'withdrawn']), answer: text(4000) }),
  },
  'history/cell': { input: z.object({ campaignId, unitCode: code, criterionCode: code }) },
  // ——— Exchange and consolidation ———
  'consolidation/report': { input: z.object({ campaignId }) },
  'consolidation/setPolicy': {
    input: z.object({ campaignId, policy: z.enum(['assigned', 'mean', 'median', 'manual']), divergenceMilli: z.number().int().min(0).max(100_000), selfGapMilli: z.number().int().min(0).max(100_000) }),
  },
  'consolidation/decide': {
    input: z.object({ campaignId, unitCode: code, criterionCode: code, pointsMilli: pointsMilli.nullable(), notApplicable: z.boolean(), reason: text(2000).min(1) }),
  },
  'campaign/finalize': { input: z.object({ campaignId }) },
  'campaign/unlock': { input: z.object({ campaignId, reason: text(2000).min(1) }) },
  'package/export': { input: z.object({ campaignId, forMember: code.optional(), /** digital signatures: the password or PIN when member packages are signed with a certificate */ secret: secret.optional() }) },
  // A real .parpkg is at most 64 MB (electron/exchange/container.ts PACKAGE_LIMITS), 86 MB as base64.
  // confirmFingerprint: the issuer fingerprint the member checked by phone (answer to a 'confirm' reply).
  'package/import': { input: z.object({ fileName: text(500), contentBase64: z.string().max(90_000_000), confirmFingerprint: z.string().max(100).optional() }) },
  // ——— Packages the OS asked the app to open (double-clicked .parpkg) ———
  'package/pending': { input: z.object({}) },
  'package/importPending': { input: z.object({ path: z.string().min(1).max(4096), confirmFingerprint: z.string().max(100).optional() }) },
  'package/dismissPending': { input: z.object({ path: z.string().min(1).max(4096) }) },
  // ——— end of packages the OS asked to open ———
  /** This machine's public identity (.pub), creating the signing key on first use. */
  'identity/export': { input: z.object({}) },
  /** The secretariat registers a member from their .pub file (the fingerprint is returned to check by phone). */
  /** replaceKeyFingerprint: re-registration with a new key, naming the new fingerprint checked by phone. */
  'identity/register': { input: z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(100_000), replaceKeyFingerprint: z.string().max(100).optional() }) },
  /** The registration dialog's "Không khớp — hủy đăng ký": the fingerprint read by phone did not match. */
  'identity/unregister': { input: z.object({ campaignId, uid: z.string().min(1).max(100) }) },
  // ——— Digital signatures (chữ ký số): identities, trusted roots, signing an annex, verifying ———
  'signature/identities': { input: z.object({}) },
  /** A .p12/.pfx file: its bytes are kept (owner-only), the password is used once to read the certificate and never stored. */
  'signature/addPkcs12': { input: z.object({ fileName: text(500), contentBase64: base64(MAX_P12_BASE64), password: secret }) },
  /** The usual PKCS#11 driver locations found on this machine. */
  'signature/modules': { input: z.object({}) },
  'signature/tokens': { input: z.object({ module: driver }) },
  /** The certificates on a token (public objects: no PIN). */
  'signature/tokenCertificates': { input: z.object({ module: driver, slot: z.number().int().min(0).max(1000) }) },
  'signature/addPkcs11': { input: z.object({ module: driver, slot: z.number().int().min(0).max(1000), keyId: z.string().regex(/^[0-9a-fA-F]{0,256}$/) }) },
  'signature/removeIdentity': { input: z.object({ identityId: z.string().uuid() }) },
  'signature/roots': { input: z.object({}) },
  /** CA certificates, PEM (several allowed) or DER. */
  'signature/importRoots': { input: z.object({ fileName: text(500), contentBase64: base64(MAX_CERT_BASE64) }) },
  'signature/removeRoot': { input: z.object({ sha256: z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/) }) },
  /** Exports an annex and signs it (embedded in .xlsx/.pdf, optionally a detached .p7s); the secret is used once. */
  'signature/signAnnex': {
    input: z.object({
      campaignId,
      annex: z.enum(['I', 'II', 'III', 'all']).default('I'),
      format: z.enum(['xlsx', 'pdf']).default('xlsx'),
      decisionNo: text(100).optional(),
      decisionDate: isoDate.optional(),
      issuer: text(300).optional(),
      identityId: z.string().uuid(),
      secret,
      p7s: z.boolean().default(false),
    }),
  },
  /** The identity member packages are also signed with (null: Ed25519 only, the default). */
  'signature/packageIdentity': { input: z.object({}) },
  'signature/setPackageIdentity': { input: z.object({ identityId: z.string().uuid().nullable() }) },
  /** Verifies a file (and its .p7s when given) against the trusted roots. */
  'signature/verify': {
    input: z.object({ fileName: text(500).min(1), contentBase64: base64(MAX_SIGNED_BASE64), sigFileName: text(500).optional(), sigBase64: base64(MAX_CERT_BASE64).optional() }),
  },
  // ——— end of digital signatures ———
  // ——— Rounds (vòng thẩm định) and explanation lists for units ———
  /** Opens round 2: round 1's finals are kept as a snapshot; refused when finalised or already in round 2. */
  'round/open': { input: z.object({ campaignId, reason: text(2000).min(1) }) },
  'round/summary': { input: z.object({ campaignId }) },
  /** One workbook, one sheet per unit with open requests (or only the given unit). */
  'explanation/exportForUnits': { input: z.object({ campaignId, unitCode: code.optional() }) },
  /** The units' filled workbook: every row checked first, then the answers written in one transaction. */
  'explanation/importAnswers': { input: z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(50_000_000) }) },
  // ——— end of rounds methods ———
  // ——— Evidence (tài liệu kiểm chứng): attach, chunked upload, bundles, preview, integrity ———
  'evidence/list': { input: z.object({ campaignId, unitCode: code }) },
  /** Attaches a file chosen in the shell's open dialog (Electron); a browser uploads in chunks instead. */
  'evidence/attachFile': { input: z.object({ campaignId, unitCode: code, criterionCode: code, fileToken }) },
  'evidence/uploadBegin': { input: z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }) },
  'evidence/uploadChunk': {
    input: z.object({ uploadId, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), chunkBase64: z.string().min(1).max(MAX_CHUNK_BASE64) }),
  },
  'evidence/uploadFinish': { input: z.object({ uploadId, campaignId, unitCode: code, criterionCode: code }) },
  'evidence/uploadCancel': { input: z.object({ uploadId }) },
  'evidence/remove': { input: z.object({ evidenceId }) },
  /** A unit's folder or .zip chosen in the shell's open dialog. */
  'evidence/importBundle': { input: z.object({ campaignId, unitCode: code, fileToken }) },
  'evidence/importBundleUpload': { input: z.object({ campaignId, unitCode: code, uploadId }) },
  'evidence/meta': { input: z.object({ evidenceId }) },
  'evidence/verify': { input: z.object({ campaignId }) },
  // ——— end of evidence methods ———
  // ——— Survey, bonus and penalty; audit log ———
  'survey/get': { input: z.object({ campaignId }) },
  'survey/template': { input: z.object({ campaignId }) },
  'survey/import': { input: z.object({ campaignId, fileName: text(500), contentBase64: z.string().max(100_000_000) }) },
  'audit/list': { input: z.object({ ...auditFilter, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }) },
  'audit/export': { input: z.object({ ...auditFilter, format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  // ——— end of survey and audit ———
  // ——— Backup and restore ———
  /** The automatic and in-app backups in <data>/backups, the number kept, the last automatic one. */
  'backup/list': { input: z.object({}) },
  /** Makes a backup now in <data>/backups (the renderer then downloads it). */
  'backup/create': { input: z.object({}) },
  /** Starts a chunked upload of a .parbak (chunks go through evidence/uploadChunk). */
  'backup/uploadBegin': { input: z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }) },
  /** Verifies the whole archive, then replaces the database (a safety copy is kept) and adds missing evidence. */
  'backup/restore': {
    input: z.object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('saved'), name: z.string().min(1).max(200) }),
        z.object({ kind: z.literal('upload'), uploadId }),
        z.object({ kind: z.literal('file'), fileToken }),
      ]),
    }),
  },
  'backup/settings': { input: z.object({ keep: z.number().int().min(1).max(100) }) },
  // ——— end of backup methods ———
  // ——— Evidence bundle (.parevd): evidence files travelling with the campaign ———
  /** What a bundle for one member (or everybody) would hold, counted before export. */
  'evidenceBundle/plan': { input: z.object({ campaignId, forMember: code.optional() }) },
  /** Writes the bundle into <data>/bundles (the renderer then downloads it by name). */
  'evidenceBundle/export': { input: z.object({ campaignId, forMember: code.optional() }) },
  /** Starts a chunked upload of a .parevd (chunks go through evidence/uploadChunk; no size limit). */
  'evidenceBundle/uploadBegin': { input: z.object({ fileName: z.string().min(1).max(1000), size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }) },
  /** Imports a bundle: from an upload, the open dialog (Electron) or a file the OS handed over (double click). */
  'evidenceBundle/import': {
    input: z.object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('upload'), uploadId }),
        z.object({ kind: z.literal('file'), fileToken }),
        z.object({ kind: z.literal('pending'), path: localPath }),
      ]),
    }),
  },
  /** The export or import under way, for a progress bar. */
  'evidenceBundle/status': { input: z.object({}) },
  // ——— end of evidence bundle methods ———
  /** The shell's open dialog (Electron only): a token per chosen file, none when cancelled. */
  'file/choose': { input: z.object({ purpose: z.enum(FILE_PURPOSES), multiple: z.boolean().default(false) }) },
} as const satisfies Record<string, { input: z.ZodType }>;

export type Method = keyof typeof contract;
export type Input<M extends Method> = z.input<(typeof contract)[M]['input']>;
export type ParsedInput<M extends Method> = z.output<(typeof contract)[M]['input']>;

export interface AppInfo {
  version: string;
  dataDir: string;
  dbPath: string;
  host: 'electron' | 'browser' | 'cli';
}

export interface CampaignSummary extends Campaign {
  unitCount: number;
  groupCount: number;
}

export interface AreaInfo {
  code: string;
  name: string;
  maxMilli: number;
}

export interface CampaignDetail {
  campaign: Campaign;
  groups: Array<{ code: string; name: string; ranked: boolean; bands: Band[]; unitCount: number }>;
  areas: AreaInfo[];
  criteriaCount: number;
  leafCount: number;
  /** Sum of the measured top-level maxima (normally 100 points). */
  maxMilli: number;
}

export interface UnitListItem extends Unit {
  groupName: string;
  scoredLeaves: number;
  totalLeaves: number;
}

export interface SheetRow {
  code: string;
  name: string;
  depth: number;
  isLeaf: boolean;
  kind: CriterionKind;
  rule: string;
  maxMilli: number;
  selfMilli: number | null;
  /** Entered points (leaves only). */
  pointsMilli: number | null;
  /** This node is marked not applicable itself. */
  notApplicable: boolean;
  /** Applicable after inheriting from ancestors. */
  applicable: boolean;
  note: string;
  /** Roll-up: points and applicable maximum below this node (bonus/penalty: capped value and cap). */
  subtotalMilli: number;
  subMaxMilli: number;
}

export interface UnitSheet {
  campaignId: number;
  unit: Unit & { groupName: string };
  rows: SheetRow[];
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
  appraisedMilli: number;
  surveyMilli: number;
  bonusMilli: number;
  penaltyMilli: number;
  components: Record<string, number | null>;
  scoredLeaves: number;
  totalLeaves: number;
}

export interface FilePayload {
  fileName: string;
  contentBase64: string;
}

/** A file the app wrote into its exports folder: downloaded by `fileName` (GET /export/<fileName>, app://par/export/<fileName>) and saved as `downloadName`. */
export interface ExportedFile {
  fileName: string;
  downloadName: string;
}

export interface ImportSummary {
  campaignId: number;
  criteria: number;
  units: number;
  scores: number;
}

/** A previous year's results and how this year's units match them. */
export interface PreviousSummary {
  year: number | null;
  fileName: string | null;
  previous: Array<{ code: string; name: string; group: string; indexHundredths: number; rank: number | null }>;
  /** Every current unit with the previous unit it is compared to (null: none). */
  units: Array<{ unitCode: string; unitName: string; prevCode: string | null; explicit: boolean }>;
  /** Previous units no current unit is compared to (renamed, merged or dissolved). */
  unmatchedPrevious: Array<{ code: string; name: string }>;
}

export interface MemberProfile {
  uid: string;
  name: string;
  agency: string;
  role: string;
  kind: 'member' | 'secretariat';
  isSelf: boolean;
  createdAt: string;
}

export interface MemberWithAssignment extends MemberProfile {
  areas: string[];
  /** Empty: every unit of the campaign. */
  units: string[];
  recusals: Array<{ unitCode: string; unitName: string; reason: string; createdAt: string; automatic: boolean }>;
}

export interface WorkspaceInfo {
  self: MemberProfile | null;
  /** member: proposals on assigned cells; secretariat: the final scores. */
  mode: 'member' | 'secretariat';
  areas: string[];
  units: Array<{
    code: string;
    name: string;
    groupName: string;
    recused: boolean;
    recusalReason: string;
    /** Applicable leaves this member scores in the unit, and how many have a proposal. */
    assignedLeaves: number;
    scoredLeaves: number;
    missingReasons: number;
    openRequests: number;
  }>;
  assignedLeaves: number;
  scoredLeaves: number;
  /** The campaign's current appraisal round on this machine. */
  round: 1 | 2;
}

export interface ExplanationRequestView {
  id: number;
  memberUid: string;
  memberName: string;
  text: string;
  status: 'open' | 'answered' | 'withdrawn';
  answer: string;
  createdAt: string;
  answeredAt: string | null;
}

export interface MemberSheetRow extends SheetRow {
  /** The rule text parsed; an unparseable rule falls back to free points. */
  parsedRule: Rule;
  /** Why a cell is read-only for this member ('' when editable). */
  locked: '' | 'not_leaf' | 'not_assigned' | 'recused' | 'survey' | 'final';
  proposalMilli: number | null;
  proposalNotApplicable: boolean;
  reason: string;
  inputs: RuleInput | null;
  /** The member's score differs from the self-score and no reason is given yet. */
  needsReason: boolean;
  explanation: string;
  requests: ExplanationRequestView[];
  evidenceCount: number;
  /** Round 2: this member's round-1 proposal and the round-1 final (null in round 1). */
  round1ProposalMilli: number | null;
  round1ProposalNotApplicable: boolean;
  round1FinalMilli: number | null;
  round1FinalNotApplicable: boolean;
}

export interface MemberSheet extends Omit<UnitSheet, 'rows'> {
  rows: MemberSheetRow[];
  /** The campaign's current appraisal round on this machine. */
  round: 1 | 2;
  memberUid: string | null;
  recused: boolean;
  recusalReason: string;
  assignedLeaves: number;
  proposedLeaves: number;
  missingReasons: number;
}

export interface HistoryItem {
  at: string;
  actor: string;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  source: string;
}

// ——— Evidence (tài liệu kiểm chứng): output types ———
export interface EvidenceItem {
  id: number;
  criterionCode: string;
  /** The original file name (NFC). */
  fileName: string;
  size: number;
  mediaType: string;
  /** PDF and raster images are previewed in the app; anything else opens outside after a confirmation. */
  previewable: boolean;
  sha256: string;
  addedBy: string;
  addedAt: string;
  /** Evidence bundle: false while the link came with the campaign package but its file has not (import the .parevd). */
  available: boolean;
}

export interface EvidenceGroup {
  criterionCode: string;
  items: EvidenceItem[];
}

/** A unit's evidence, per sub-criterion in tree order (only those with files). */
export interface EvidenceUnitList {
  campaignId: number;
  unitCode: string;
  criteria: EvidenceGroup[];
  fileCount: number;
  totalBytes: number;
}

/** One file chosen in the shell's open dialog: its name to show, and the token that stands for its path. */
export interface ChosenFile {
  fileToken: string;
  fileName: string;
  /** Null for a folder. */
  size: number | null;
}

export interface UploadStarted {
  uploadId: string;
  /** Largest chunk accepted, in bytes (before base64). */
  chunkBytes: number;
}

export interface UploadProgress {
  uploadId: string;
  received: number;
  size: number;
}

export interface BundleImportResult {
  campaignId: number;
  unitCode: string;
  /** Files in the bundle. */
  files: number;
  /** New links written. */
  attached: number;
  /** "<criterion>/<file>" already attached to that cell with the same content: left as they were. */
  alreadyAttached: string[];
  /** Blobs the store did not have before. */
  newBlobs: number;
  bytes: number;
  /** System clutter left out (.DS_Store, __MACOSX/, Thumbs.db…). */
  skipped: string[];
  criteria: EvidenceGroup[];
}

export interface EvidenceMeta {
  id: number;
  campaignId: number;
  unitCode: string;
  criterionCode: string;
  fileName: string;
  mediaType: string;
  previewable: boolean;
  size: number;
  sha256: string;
  /** Evidence bundle: false while the file has not arrived. */
  available: boolean;
}

export interface IntegrityProblem {
  evidenceId: number;
  unitCode: string;
  unitName: string;
  criterionCode: string;
  fileName: string;
  sha256: string;
}

export interface IntegrityReport {
  campaignId: number;
  /** Distinct stored files checked, and the links to them. */
  checkedFiles: number;
  checkedLinks: number;
  checkedBytes: number;
  missing: IntegrityProblem[];
  altered: IntegrityProblem[];
  ms: number;
}
// ——— end of evidence output types ———

export type Policy = 'assigned' | 'mean' | 'median' | 'manual';
export type QueueReason = 'members_differ' | 'self_gap' | 'pending_explanation' | 'conflict';

export interface ProposalView {
  memberUid: string;
  memberName: string;
  pointsMilli: number | null;
  notApplicable: boolean;
  reason: string;
  assigned: boolean;
}

export interface QueueItem {
  unitCode: string;
  unitName: string;
  criterionCode: string;
  criterionName: string;
  reasons: QueueReason[];
  selfMilli: number | null;
  finalMilli: number | null;
  finalNotApplicable: boolean;
  decided: boolean;
  proposals: ProposalView[];
  /** In round 2: the cell's round-1 final (kept when round 2 brings nothing new); null in round 1. */
  round1Milli: number | null;
  round1NotApplicable: boolean;
  /** The leaf's kind, maximum and rule: the decision form checks points with `checkScore` before sending. */
  leaf: { code: string; kind: CriterionKind; maxMilli: number; rule: string };
}

export interface ConsolidationReport {
  campaignId: number;
  status: 'open' | 'final';
  /** The round the queue and the proposals belong to. */
  round: 1 | 2;
  policy: Policy;
  divergenceMilli: number;
  selfGapMilli: number;
  progress: Array<{ memberUid: string; memberName: string; areaCode: string; assignedLeaves: number; proposedLeaves: number }>;
  queue: QueueItem[];
  conflicts: Array<{ unitCode: string; criterionCode: string; memberUid: string; memberName: string; pointsMilli: number | null; notApplicable: boolean; decidedMilli: number | null; packageSha256: string }>;
  /** What stands between the campaign and finalising, in Vietnamese. */
  missing: string[];
}

export interface PackageImportSummary {
  kind: 'campaign' | 'member';
  campaignId: number;
  campaignName: string;
  author: string;
  authorFingerprint: string;
  alreadyImported: boolean;
  stale: boolean;
  applied: number;
  skipped: number;
  conflicts: number;
  finalsChanged: number;
  notes: string[];
}

/**
 * The first campaign package from a secretariat this machine does not know: nothing is imported until
 * the member has read the fingerprint with the secretariat by phone and sends the package again with it.
 */
export interface PackageConfirmation {
  kind: 'confirm';
  campaignName: string;
  /** The name the package's signer gives itself (its key verified the package; the person is what the call checks). */
  issuerName: string;
  fingerprint: string;
}

export type PackageImportAnswer = PackageImportSummary | PackageConfirmation;

/** A package file the operating system handed to the app (double-click, "Open with"). */
export interface PendingPackage {
  path: string;
  fileName: string;
}

// ——— Survey, bonus and penalty; audit log: output types ———
/** A leaf scored from outside the appraisal: survey results, bonus or penalty points. */
export interface SurveyColumn {
  code: string;
  name: string;
  kind: CriterionKind;
  maxMilli: number;
}

export interface SurveyTable {
  campaignId: number;
  status: Campaign['status'];
  columns: SurveyColumn[];
  /** One per unit; `values` follow `columns`, null where nothing is stored. */
  rows: Array<{ unitCode: string; unitName: string; groupCode: string; groupName: string; values: Array<number | null> }>;
}

export interface SurveyImportSummary {
  fileName: string;
  sha256: string;
  /** Cells whose value changed (cleared ones included). */
  changed: number;
  cleared: number;
  /** Cells given in the file with the value already stored. */
  unchanged: number;
  /** Unit rows in the file, and how many of them had a change. */
  units: number;
  unitsChanged: number;
  table: SurveyTable;
}

export interface AuditItem {
  id: number;
  /** ISO instant. */
  at: string;
  actor: string;
  action: string;
  unitCode: string | null;
  unitName: string | null;
  criterionCode: string | null;
  /** Values as a person reads them: points with a decimal comma, "Không áp dụng", … */
  oldText: string;
  newText: string;
  reason: string;
  source: string;
  /** The SHA-256 of the package or file the change came from, '' when typed in. */
  sourceSha256: string;
}

export interface AuditPage {
  total: number;
  offset: number;
  limit: number;
  items: AuditItem[];
  /** What the filters can offer for this campaign. */
  actors: string[];
  actions: string[];
}
// ——— end of survey and audit output types ———
// ——— Digital signatures: output types ———
/** A certificate as people check it. Dates ISO 8601 (UTC); the screen writes them dd/mm/yyyy. */
export interface CertificateView {
  /** RFC 4514, most specific first, exactly as encoded: "CN=Nguyễn Văn A, O=Sở Nội vụ, C=VN". */
  subject: string;
  issuer: string;
  commonName: string;
  issuerCommonName: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate, colon-separated pairs (as openssl and Windows show it). */
  sha256: string;
  /** The same fingerprint in 16 groups of 4 hex digits, to read out. */
  fingerprint: string;
  keyAlgorithm: string;
  isCA: boolean;
  /** The validity period judged now. */
  status: 'valid' | 'expired' | 'not_yet_valid';
}

export interface SigningIdentity {
  id: string;
  kind: 'pkcs12' | 'pkcs11';
  certificate: CertificateView;
  /** PKCS#12: the original file name; PKCS#11: the driver, the token and the key. */
  fileName: string | null;
  module: string | null;
  tokenLabel: string | null;
  tokenSerial: string | null;
  keyId: string | null;
  addedAt: string;
}

export interface PkcsModule {
  vendor: string;
  path: string;
}

export interface TokenSlotView {
  index: number;
  slotId: string;
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  pinLocked: boolean;
  pinFinalTry: boolean;
  pinCountLow: boolean;
}

export interface TokenCertificateView {
  keyId: string;
  label: string;
  certificate: CertificateView;
}

export interface SignedFiles {
  file: FilePayload;
  /** The detached CMS signature over the file as signed, when asked for. */
  p7s: FilePayload | null;
  embedded: 'xlsx' | 'pdf' | null;
  signer: CertificateView;
}

export interface SignatureCheck {
  kind: 'p7s' | 'pdf' | 'xlsx';
  format: string;
  signer: CertificateView | null;
  signingTime: string | null;
  intact: boolean;
  chain: { status: 'trusted' | 'untrusted' | 'not_checked'; message: string; path: string[] };
  problems: string[];
  warnings: string[];
  notes: string[];
  /** Integrity and trust apart: invalid (changed), expired (certificate outside its validity when signing), untrusted (intact, signer not vouched for by a trusted root), valid. */
  verdict: 'valid' | 'untrusted' | 'expired' | 'invalid';
  valid: boolean;
}

export interface VerifyReport {
  fileName: string;
  kind: 'p7s' | 'pdf' | 'xlsx' | 'unknown';
  signatures: SignatureCheck[];
  problems: string[];
  /** The worst of the signatures' verdicts; unsigned: nothing to check. */
  verdict: 'valid' | 'untrusted' | 'expired' | 'invalid' | 'unsigned';
  ok: boolean;
  /** How many trusted roots the check used. */
  trustedRoots: number;
}
// ——— end of digital signature output types ———


// ——— Backup and restore: output types ———
export interface BackupFileInfo {
  name: string;
  kind: 'auto' | 'manual';
  size: number;
  createdAt: string;
}

export interface BackupOverview {
  folder: string;
  keep: number;
  lastAutoAt: string | null;
  autoEnabled: boolean;
  busy: 'backup' | 'restore' | null;
  /** Bytes done of the total for the operation under way (archived, or checked before a restore). */
  progress: { done: number; total: number } | null;
  /** Why the last automatic backup failed (cleared by the next success). */
  notice: string | null;
  items: BackupFileInfo[];
}

export interface BackupCreated extends BackupFileInfo {
  evidenceFiles: number;
  evidenceBytes: number;
  missingBlobs: number;
  damagedBlobs: number;
}

export interface BackupRestored {
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  campaigns: number;
  evidenceFiles: number;
  evidenceAdded: number;
  missingBlobs: number;
  /** Where the replaced database was copied. */
  safetyCopy: string | null;
}
// ——— end of backup output types ———

// ——— Evidence bundle (.parevd): output types ———
export interface EvidenceBundlePlan {
  campaignId: number;
  forMember: string | null;
  memberName: string | null;
  /** Links the bundle covers (cells × files). */
  links: number;
  /** Distinct files (one per SHA-256) and their total size. */
  files: number;
  bytes: number;
  /** Links whose file is not in this machine's store (left out). */
  absentLinks: number;
  fileName: string;
}

export interface EvidenceBundleExported extends EvidenceBundlePlan {
  path: string;
  /** The bundle file's size. */
  size: number;
  missing: string[];
  damaged: string[];
}

export interface EvidenceBundleImported {
  campaignId: number;
  campaignName: string;
  files: number;
  newFiles: number;
  alreadyHere: number;
  bytes: number;
  /** Links of the campaign whose file is still not here (another member's bundle, or not sent). */
  stillMissing: number;
}

export interface EvidenceBundleStatus {
  busy: 'export' | 'import' | null;
  progress: { done: number; total: number } | null;
}
// ——— end of evidence bundle output types ———

// ——— Rounds (vòng thẩm định): output types ———
export type Round = 1 | 2;

export interface RoundUnitResult {
  unitCode: string;
  unitName: string;
  groupName: string;
  totalMilli: number;
  maxMilli: number;
  indexHundredths: number;
}

export interface RoundInfo {
  round: Round;
  /** open: the current round; closed: kept as a snapshot; not_started: round 2 before it is opened. */
  state: 'open' | 'closed' | 'not_started';
  /** Proposals with points or a not-applicable mark, the members who made them, the secretariat's decisions. */
  proposals: number;
  members: number;
  decisions: number;
  /** Cells with a final value (points or not applicable). */
  finals: number;
  units: RoundUnitResult[];
}

export interface RoundSummary {
  campaignId: number;
  current: Round;
  /** When and why round 2 was opened (null and '' in round 1). */
  openedAt: string | null;
  reason: string;
  /** Why round 2 cannot be opened now ('' when it can). */
  openBlocked: string;
  rounds: RoundInfo[];
  openRequests: number;
  answeredRequests: number;
}

export interface AnswersImportResult {
  campaignId: number;
  /** Requests that got an answer (new or changed). */
  answered: number;
  /** Rows whose answer was already recorded as it is. */
  unchanged: number;
  /** Rows the unit left blank: those requests stay open. */
  blank: number;
  units: string[];
}
// ——— end of rounds output types ———

export interface Outputs {
  // ——— Digital signatures ———
  'signature/identities': SigningIdentity[];
  'signature/addPkcs12': SigningIdentity[];
  'signature/modules': { platform: string; installed: PkcsModule[] };
  'signature/tokens': TokenSlotView[];
  'signature/tokenCertificates': TokenCertificateView[];
  'signature/addPkcs11': SigningIdentity[];
  'signature/removeIdentity': SigningIdentity[];
  'signature/roots': CertificateView[];
  'signature/importRoots': { added: number; roots: CertificateView[] };
  'signature/removeRoot': CertificateView[];
  'signature/signAnnex': SignedFiles;
  'signature/verify': VerifyReport;
  'signature/packageIdentity': { identityId: string | null };
  'signature/setPackageIdentity': { identityId: string | null };
  // ——— end of digital signatures ———

  // ——— Backup ———
  'backup/list': BackupOverview;
  'backup/create': BackupCreated;
  'backup/uploadBegin': UploadStarted;
  'backup/restore': BackupRestored;
  'backup/settings': BackupOverview;
  // ——— end of backup ———

  // ——— Evidence bundle ———
  'evidenceBundle/plan': EvidenceBundlePlan;
  'evidenceBundle/export': EvidenceBundleExported & { downloadName: string };
  'evidenceBundle/uploadBegin': UploadStarted;
  'evidenceBundle/import': EvidenceBundleImported;
  'evidenceBundle/status': EvidenceBundleStatus;
  'file/choose': ChosenFile[];
  // ——— end of evidence bundle ———

  // ——— Rounds ———
  'round/open': RoundSummary;
  'round/summary': RoundSummary;
  'explanation/exportForUnits': FilePayload & { units: number; requests: number };
  'explanation/importAnswers': AnswersImportResult;
  // ——— end of rounds ———
  // ——— Evidence ———
  'evidence/list': EvidenceUnitList;
  'evidence/attachFile': EvidenceItem[];
  'evidence/uploadBegin': UploadStarted;
  'evidence/uploadChunk': UploadProgress;
  'evidence/uploadFinish': EvidenceItem[];
  'evidence/uploadCancel': { cancelled: true };
  'evidence/remove': EvidenceItem[];
  'evidence/importBundle': BundleImportResult;
  'evidence/importBundleUpload': BundleImportResult;
  'evidence/meta': EvidenceMeta;
  'evidence/verify': IntegrityReport;
  // ——— end of evidence ———
  'app/info': AppInfo;
  'job/cancel': { cancelled: boolean };
  'campaign/list': CampaignSummary[];
  'campaign/get': CampaignDetail;
  'campaign/create': Campaign;
  'campaign/update': Campaign;
  'campaign/delete': { deleted: true };
  'campaign/setGroups': CampaignDetail;
  'unit/list': UnitListItem[];
  'unit/save': UnitListItem[];
  'unit/delete': UnitListItem[];
  'sheet/get': UnitSheet;
  'score/set': UnitSheet;
  'score/setNotApplicable': UnitSheet;
  'ranking/get': Ranking;
  'workbook/import': ImportSummary;
  'workbook/export': FilePayload;
  'annex/export': ExportedFile;
  'previous/import': PreviousSummary;
  'previous/get': PreviousSummary;
  'previous/map': PreviousSummary;
  'previous/clear': PreviousSummary;
  'member/self': MemberProfile | null;
  'member/saveSelf': MemberProfile;
  'member/list': MemberWithAssignment[];
  'member/assign': MemberWithAssignment[];
  'member/recuse': MemberWithAssignment[];
  'workspace/get': WorkspaceInfo;
  'proposal/sheet': MemberSheet;
  'proposal/set': MemberSheet;
  'proposal/setReason': MemberSheet;
  'proposal/setNotApplicable': MemberSheet;
  'explanation/request': MemberSheet;
  'explanation/setStatus': MemberSheet;
  'history/cell': HistoryItem[];
  'consolidation/report': ConsolidationReport;
  'consolidation/setPolicy': ConsolidationReport;
  'consolidation/decide': ConsolidationReport;
  'campaign/finalize': Campaign;
  'campaign/unlock': Campaign;
  'package/export': FilePayload;
  'package/import': PackageImportAnswer;
  'package/pending': PendingPackage[];
  'package/importPending': PackageImportAnswer;
  'package/dismissPending': PendingPackage[];
  'identity/export': FilePayload & { fingerprint: string };
  'identity/register': { uid: string; name: string; agency: string; fingerprint: string };
  'identity/unregister': { uid: string; name: string };
  // ——— Survey, bonus and penalty; audit log ———
  'survey/get': SurveyTable;
  'survey/template': FilePayload;
  'survey/import': SurveyImportSummary;
  'audit/list': AuditPage;
  'audit/export': FilePayload;
  // ——— end of survey and audit ———
}

export type Output<M extends Method> = Outputs[M];

// Every method has an output type and every output type a method: a rename breaks the build.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const contractIsComplete: Exact<keyof Outputs, Method> = true;

export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Who is calling: recorded in the history of every change. */
/** How far a long operation has come, for a progress bar (UI) or a progress line (CLI on a TTY). */
export interface Progress {
  /** What is being done now, in Vietnamese ("Đang ghi Phụ lục III"). */
  phase: string;
  done: number;
  /** null while the total is not known yet. */
  total: number | null;
}

export interface CallContext {
  actor: string;
  /** Receives progress of a long operation; absent when nobody watches. */
  progress?: (p: Progress) => void;
  /** Aborted when the user cancels; a long operation then stops, writes nothing, and fails with `cancelled`. */
  signal?: AbortSignal;
  /** Chosen by the caller for a long operation, so that `job/cancel { jobId }` can stop it from another call. */
  jobId?: string;
}

export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, ctx: CallContext) => Output<M> | Promise<Output<M>>;
};

/** The one function the renderer calls; each door (IPC, HTTP) provides it. */
export type Invoke = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
