// The `par` command line: the same services as the app, headless. Command and option names are a
// contract other tools rely on. Every refusal exits non-zero with a Vietnamese message, changing nothing.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import type { RankRow } from '../../shared/calc.js';
import { AppError, describeIssue } from '../../shared/errors.js';
import { translate } from '../../shared/i18n/index.js';
import { formatIndex, formatPoints, milliToNumber, parsePointsText } from '../../shared/numbers.js';
import { createServices, type Services } from '../core/app.js';
import { openDatabase } from '../db/database.js';
import { readCampaignWorkbook, readExplanationWorkbook } from '../workbook/isolated.js';
import { writeCampaignWorkbook } from '../workbook/write-campaign.js';
import { buildAnnexes } from '../annex/build.js';
import type { AnnexNumber } from '../annex/model.js';
import { writeAnnexPdf } from '../annex/pdf.js';
import { writeAnnexXlsx } from '../annex/xlsx.js';
// ——— Rounds ———
// ——— end of rounds ———
import { SIGN_FLAGS, SIGN_USAGE, signCommand, signExportedFile, signIdentityRefusal, signOptionsProblem, tokensCommand, verifyCommand } from '../signing/cli.js';
// ——— Backup ———
import { BACKUP_FLAGS, BACKUP_USAGE, backupCommand, restoreCommand } from '../backup/cli.js';
// ——— end of backup imports ———
// ——— Evidence bundle ———
import { formatBytes } from '../evidence/limits.js';
// ——— end of evidence bundle imports ———
import { registeredMembers, requireSecretariat, resolveMember } from '../services/roles.js';

const USAGE = `Cách dùng: par <lệnh> [tùy chọn]

  import <sổ-tính.xlsx> --db <tệp> [--copy]  Nhập sổ tính đợt đánh giá (tạo đợt mới; --copy: nhập thêm bản sao khi đã có đợt cùng tên)
  rank --db <tệp> [--campaign <id>] [--json]  Xếp hạng theo nhóm
  export-workbook --db <tệp> --out <tệp.xlsx> [--campaign <id>]
  export-annex --db <tệp> --out <tệp> [--annex I|II|III|all] [--format xlsx|pdf]
               [--campaign <id>] [--decision "679/QĐ-UBND"] [--date 2022-02-16] [--issuer "…"]

  Trao đổi và tổng hợp (không cần mạng):
  member init --db <tệp> --name "…" --agency "…" [--role "…"] [--kind member|secretariat] --out <thành-viên.pub>
  member add --db <tệp> <thành-viên.pub> --areas 1,2 [--units MA1,MA2] [--campaign <id>] [--replace-key "<dấu vân tay khóa mới>"]
  member list --db <tệp> [--campaign <id>] [--json]     Thành viên đã đăng ký: họ tên, cơ quan, mã, dấu vân tay, lĩnh vực
  package export --db <tệp> --out <gói.parpkg> [--for <mã hoặc họ tên thành viên>] [--campaign <id>]
                 [--password-env <BIẾN> | --pin-env <BIẾN>]   (thành viên ký gói bằng chứng thư số)
  package import --db <tệp> <gói.parpkg> [--expect-fingerprint "<dấu vân tay của Tổ thư ký>"]
  package export-evidence --db <tệp> --out <gói.parevd> [--for <mã hoặc họ tên thành viên>] [--campaign <id>]
                 (trên máy thành viên: các tệp chính thành viên đính kèm, gửi kèm gói của thành viên)
  package import-evidence --db <tệp> <gói.parevd>       Tệp tài liệu kiểm chứng đi kèm gói đợt đánh giá hoặc gói thành viên
  score --db <tệp> --unit <mã> --criterion <mã> --points <n|KAD> [--reason "…"] [--campaign <id>]
  consolidate --db <tệp> [--json] [--campaign <id>]
  decide --db <tệp> --unit <mã> --criterion <mã> --points <n|KAD> --reason "…" [--campaign <id>]
  finalize --db <tệp> [--campaign <id>]
  unlock --db <tệp> --reason "…" [--campaign <id>]

  Điều tra xã hội học, điểm thưởng/trừ và nhật ký:
  survey template --db <tệp> --out <tệp.xlsx> [--campaign <id>]
  survey import --db <tệp> <tệp.xlsx> [--campaign <id>]      (ô trống: giữ nguyên; "-": xóa điểm)
  audit export --db <tệp> --out <tệp.xlsx|tệp.csv> [--unit <mã>] [--criterion <mã>] [--action <hành động>] [--campaign <id>]
  Hai vòng thẩm định và giải trình của đơn vị:
  round open --db <tệp> --reason "…" [--campaign <id>]          Mở vòng thẩm định 2 (giữ lại kết quả vòng 1)
  round status --db <tệp> [--json] [--campaign <id>]
  explanations request --db <tệp> --unit <mã> --criterion <mã> --text "…" [--campaign <id>]   (thành viên)
  explanations export --db <tệp> --out <tệp.xlsx> [--unit <mã>] [--campaign <id>]
  explanations import --db <tệp> <tệp.xlsx> [--campaign <id>]   Nhập giải trình các đơn vị đã điền

  Chữ ký số:
${SIGN_USAGE}

  Sao lưu và khôi phục:
${BACKUP_USAGE}`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

const FLAGS = new Set<string>(['--json', '--help', '-h', '--copy', ...SIGN_FLAGS, ...BACKUP_FLAGS]);

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.set(a.slice(0, eq), a.slice(eq + 1));
      else if (FLAGS.has(a)) options.set(a, true);
      else {
        const value = argv[i + 1];
        if (value === undefined) throw new UsageError(`Thiếu giá trị cho tùy chọn ${a}.`);
        options.set(a, value);
        i++;
      }
    } else positional.push(a);
  }
  return { positional, options };
}

function option(p: Parsed, name: string, required: true): string;
function option(p: Parsed, name: string, required?: false): string | undefined;
function option(p: Parsed, name: string, required = false): string | undefined {
  const v = p.options.get(name);
  if (v === undefined || v === true) {
    if (required) throw new UsageError(`Thiếu tùy chọn ${name}.`);
    return undefined;
  }
  return v;
}

function actor(): string {
  try {
    return `${userInfo().username} (dòng lệnh)`;
  } catch {
    return 'dòng lệnh';
  }
}

function withServices<T>(dbFile: string, mustExist: boolean, fn: (s: Services) => T): T {
  const path = resolve(dbFile);
  if (mustExist && !existsSync(path)) throw new AppError('not_found', 'db.notFound', { path });
  const db = openDatabase(path);
  try {
    return fn(createServices(db));
  } finally {
    db.close();
  }
}

// ——— Digital signatures ———
/** As withServices, for a use case that awaits (a token login); the database stays open until it settles. */
async function withServicesAsync<T>(dbFile: string, fn: (s: Services) => Promise<T>): Promise<T> {
  const path = resolve(dbFile);
  if (!existsSync(path)) throw new AppError('not_found', 'db.notFound', { path });
  const db = openDatabase(path);
  try {
    return await fn(createServices(db));
  } finally {
    db.close();
  }
}
// ——— end of digital signatures ———

function campaignOf(s: Services, p: Parsed): number {
  const given = option(p, '--campaign');
  if (given === undefined) return s.campaigns.defaultCampaignId();
  const id = Number(given);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`Mã đợt đánh giá "${given}" không hợp lệ (số nguyên dương).`);
  s.campaigns.require(id);
  return id;
}

function writeOut(path: string, data: Buffer): string {
  const full = resolve(path);
  if (!existsSync(dirname(full))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(full) });
  writeFileSync(full, data);
  return full;
}

/** One object per unit; a unit not appraised yet has rank and band null and `appraised: false`. */
export function rankJson(rows: RankRow[], provisional: boolean) {
  return rows.map((r) => ({
    group: r.groupCode,
    unitCode: r.unitCode,
    unitName: r.unitName,
    total: milliToNumber(r.totalMilli),
    max: milliToNumber(r.maxMilli),
    index: r.indexHundredths / 100,
    rank: r.rank,
    band: r.band,
    appraised: r.appraised,
    provisional,
    components: Object.fromEntries(
      Object.entries(r.components).filter((e): e is [string, number] => e[1] !== null).map(([k, v]) => [k, v / 100]),
    ),
  }));
}

function pointsArg(p: Parsed): { pointsMilli: number | null; notApplicable: boolean } {
  const raw = option(p, '--points', true);
  if (raw.trim().toUpperCase() === 'KAD') return { pointsMilli: null, notApplicable: true };
  const m = parsePointsText(raw);
  if (m === null || m < 0) throw new UsageError(`--points "${raw}" phải là số điểm (ví dụ 1,5) hoặc KAD.`);
  return { pointsMilli: m, notApplicable: false };
}

/** Registered members as a table a person reads in a terminal (columns padded to their widest cell). */
function memberTable(members: ReturnType<typeof registeredMembers>): string {
  const head = ['Họ tên', 'Cơ quan', 'Mã thành viên', 'Dấu vân tay', 'Lĩnh vực'];
  const rows = members.map((m) => [m.name, m.agency || '—', m.uid, m.fingerprint ?? '(chưa có khóa)', m.areas.length > 0 ? m.areas.join(', ') + (m.units.length > 0 ? ` (đơn vị ${m.units.join(', ')})` : '') : '—']);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const listArg = (p: Parsed, name: string): string[] => (option(p, name) ?? '').split(',').map((x) => x.trim()).filter(Boolean);

const commands: Record<string, (p: Parsed, out: (s: string) => void, err: (s: string) => void) => void | number | Promise<void | number>> = {
  sign: (p, out, err) => signCommand(p, { out, err }),
  verify: (p, out, err) => verifyCommand(p, { out, err }),
  tokens: (p, out, err) => tokensCommand(p, { out, err }),
  // ——— Backup ———
  backup: (p, out) => backupCommand(p, out),
  restore: (p, out) => restoreCommand(p, out),
  // ——— end of backup ———
  member(p, out) {
    const verb = p.positional[1];
    if (verb === 'init') {
      const target = option(p, '--out', true);
      const kind = option(p, '--kind') ?? 'member';
      if (kind !== 'member' && kind !== 'secretariat') throw new UsageError('--kind phải là member hoặc secretariat.');
      const identity = withServices(option(p, '--db', true), false, (s) =>
        s.exchange.initSelf({ name: option(p, '--name', true), agency: option(p, '--agency') ?? '', role: option(p, '--role') ?? (kind === 'member' ? 'Thành viên Hội đồng' : 'Tổ thư ký'), kind }),
      );
      writeOut(target, Buffer.from(JSON.stringify(identity, null, 2)));
      out(`Đã tạo hồ sơ "${identity.name}" (mã ${identity.uid}) và khóa ký riêng trên máy này.`);
      out(`Dấu vân tay khóa (đọc cho Tổ thư ký để xác minh): ${identity.fingerprint}`);
      out(`Tệp danh tính gửi Tổ thư ký: ${resolve(target)}`);
      return;
    }
    if (verb === 'add') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu tệp danh tính thành viên (.pub).');
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(resolve(file), 'utf8'));
      } catch {
        throw new AppError('invalid_input', 'cli.identityUnreadable', { file });
      }
      const areas = listArg(p, '--areas');
      if (areas.length === 0) throw new UsageError('Thiếu --areas (các lĩnh vực được phân công, ví dụ 1,2).');
      withServices(option(p, '--db', true), true, (s) => {
        requireSecretariat(s.repos, 'đăng ký và phân công thành viên');
        const id = campaignOf(s, p);
        const replaceKey = option(p, '--replace-key');
        const identity = s.exchange.registerMember(raw, id, actor(), replaceKey ? { newFingerprint: replaceKey } : null);
        s.workspace.assign({ campaignId: id, memberUid: identity.uid, areas, units: listArg(p, '--units') }, actor());
        out(`Đã đăng ký thành viên "${identity.name}" (${identity.agency || 'không ghi cơ quan'}), lĩnh vực ${areas.join(', ')}.`);
        out(`Dấu vân tay khóa — hãy đối chiếu với thành viên qua điện thoại hoặc trên giấy: ${identity.fingerprint}`);
      });
      return;
    }
    if (verb === 'list') {
      withServices(option(p, '--db', true), true, (s) => {
        const campaignId = option(p, '--campaign') !== undefined || s.campaigns.list().length > 0 ? campaignOf(s, p) : null;
        const members = registeredMembers(s.repos, campaignId);
        if (p.options.has('--json')) {
          out(JSON.stringify(members, null, 2));
          return;
        }
        if (members.length === 0) {
          out('Chưa có thành viên nào được đăng ký trên máy này (par member add).');
          return;
        }
        out(memberTable(members));
      });
      return;
    }
    throw new UsageError('Lệnh member cần init, add hoặc list.');
  },
  async package(p, out) {
    const verb = p.positional[1];
    if (verb === 'export') {
      const target = option(p, '--out', true);
      // ——— Digital signatures: a member whose packages are also signed with a certificate ———
      const secretVar = option(p, '--password-env') ?? option(p, '--pin-env');
      const file = await withServicesAsync(option(p, '--db', true), (s) => {
        const id = campaignOf(s, p);
        const self = s.repos.members.self();
        const forName = option(p, '--for');
        if (self?.kind !== 'member') return Promise.resolve(s.exchange.exportCampaignPackage(id, forName === undefined ? null : resolveMember(s.repos, forName).uid));
        if (s.signatures.packageCertificate() && !secretVar) {
          throw new UsageError('Gói của máy này được ký bằng chứng thư số: hãy cho mật khẩu tệp .p12 (--password-env <BIẾN>) hoặc mã PIN token (--pin-env <BIẾN>) qua biến môi trường.');
        }
        const secret = secretVar ? process.env[secretVar] : '';
        if (secret === undefined) throw new AppError('invalid_input', 'cli.envUnset', { variable: secretVar ?? '' });
        return s.exchange.exportMemberPackageSigned(id, secret);
      });
      // ——— end of digital signatures ———
      out(`Đã xuất gói dữ liệu đã ký: ${writeOut(target, file.bytes)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn gói dữ liệu (.parpkg).');
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
      const expectFingerprint = option(p, '--expect-fingerprint') ?? null;
      const summary = withServices(option(p, '--db', true), false, (s) => s.exchange.importPackage(readFileSync(path), actor(), { expectFingerprint }));
      out(summary.alreadyImported
        ? `Gói của "${summary.author}" đã được nhập trước đó: không có gì thay đổi.`
        : `Đã nhập gói ${summary.kind === 'campaign' ? 'đợt đánh giá' : 'của thành viên'} "${summary.author}" (dấu vân tay ${summary.authorFingerprint}) vào đợt "${summary.campaignName}": ${summary.applied} ô áp dụng, ${summary.skipped} ô cũ bỏ qua, ${summary.conflicts} xung đột, ${summary.finalsChanged} điểm thẩm định thay đổi.`);
      for (const note of summary.notes) out(`  - ${note}`);
      return;
    }
    // ——— Evidence bundle (.parevd) ———
    if (verb === 'export-evidence') {
      const target = resolve(option(p, '--out', true));
      if (!existsSync(dirname(target))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(target) });
      const forName = option(p, '--for');
      const { result, own } = await withServicesAsync(option(p, '--db', true), async (s) => ({
        own: s.repos.members.self()?.kind === 'member',
        result: await s.evidenceBundle.exportBundle(campaignOf(s, p), forName === undefined ? null : resolveMember(s.repos, forName).uid, target),
      }));
      // On a member's machine the bundle is the member's own files, going to the secretariat.
      const whose = result.memberName === null ? 'cho tất cả thành viên' : own ? `của "${result.memberName}" gửi Tổ thư ký` : `cho "${result.memberName}"`;
      out(`Đã xuất gói tài liệu kiểm chứng ${whose}: ${result.files} tệp, ${formatBytes(result.bytes)} — ${result.path}`);
      if (result.missing.length + result.damaged.length > 0) {
        out(`  - ${result.missing.length} tệp không còn trong kho và ${result.damaged.length} tệp bị thay đổi ngoài ứng dụng đã bị bỏ qua: hãy chạy kiểm tra toàn vẹn tài liệu.`);
      }
      return;
    }
    if (verb === 'import-evidence') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn gói tài liệu kiểm chứng (.parevd).');
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
      const r = await withServicesAsync(option(p, '--db', true), (s) => s.evidenceBundle.importBundle(path, basename(path), actor()));
      out(`Đã nhập gói tài liệu kiểm chứng vào đợt "${r.campaignName}": ${r.newFiles} tệp mới, ${r.alreadyHere} tệp đã có sẵn (${formatBytes(r.bytes)}).`);
      if (r.stillMissing > 0) out(`  - ${r.stillMissing} tài liệu kiểm chứng của đợt vẫn chưa có tệp trên máy này.`);
      return;
    }
    // ——— end of evidence bundle ———
    throw new UsageError('Lệnh package cần export, import, export-evidence hoặc import-evidence.');
  },
  score(p, out) {
    const value = pointsArg(p);
    withServices(option(p, '--db', true), true, (s) => {
      const id = campaignOf(s, p);
      const unitCode = option(p, '--unit', true);
      const criterionCode = option(p, '--criterion', true);
      const reason = option(p, '--reason');
      if (value.notApplicable) s.workspace.setNotApplicable({ campaignId: id, unitCode, criterionCode, notApplicable: true });
      else s.workspace.setProposal({ campaignId: id, unitCode, criterionCode, input: { kind: 'points', pointsMilli: value.pointsMilli! }, ...(reason !== undefined ? { reason } : {}) });
      const row = s.workspace.sheet(id, unitCode).rows.find((r) => r.code === criterionCode)!;
      out(`Đã ghi: đơn vị ${unitCode}, tiêu chí ${criterionCode}: ${value.notApplicable ? 'không áp dụng' : formatPoints(value.pointsMilli!)}${row.needsReason ? ' — khác điểm tự đánh giá, hãy ghi lý do (--reason).' : ''}`);
    });
  },
  consolidate(p, out) {
    withServices(option(p, '--db', true), true, (s) => {
      const report = s.consolidation.report(campaignOf(s, p));
      if (p.options.has('--json')) {
        out(JSON.stringify(report, null, 2));
        return;
      }
      out(`Vòng thẩm định: ${report.round}. Chính sách: ${report.policy}; hàng đợi chênh lệch: ${report.queue.length} ô; xung đột: ${report.conflicts.length}.`);
      for (const q of report.queue.slice(0, 50)) out(`  ${q.unitCode} ${q.criterionCode}: ${q.reasons.join(', ')}`);
      for (const m of report.missing) out(`  - ${m}`);
    });
  },
  decide(p, out) {
    const value = pointsArg(p);
    withServices(option(p, '--db', true), true, (s) => {
      requireSecretariat(s.repos, 'quyết định điểm thẩm định');
      const id = campaignOf(s, p);
      s.consolidation.decide(id, option(p, '--unit', true), option(p, '--criterion', true), value, option(p, '--reason', true), actor());
      out('Đã ghi quyết định điểm thẩm định.');
    });
  },
  // ——— Survey, bonus and penalty; audit log ———
  async survey(p, out) {
    const verb = p.positional[1];
    if (verb === 'template') {
      const target = option(p, '--out', true);
      const file = withServices(option(p, '--db', true), true, (s) => s.survey.template(campaignOf(s, p)));
      out(`Đã xuất tệp mẫu điểm điều tra xã hội học, điểm thưởng và điểm trừ: ${writeOut(target, file.bytes)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn sổ tính điểm điều tra xã hội học (.xlsx).');
      const dbFile = option(p, '--db', true);
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
      const bytes = readFileSync(path);
      // The file is checked against the campaign before anything is written; a refusal writes nothing.
      const summary = await withServicesAsync(dbFile, (s) => s.survey.importWorkbook(campaignOf(s, p), basename(path), bytes, actor()));
      out(`Đã nhập ${basename(path)} (SHA-256 ${summary.sha256}): ${summary.changed} ô thay đổi (${summary.cleared} ô xóa điểm), ${summary.unchanged} ô giữ nguyên; ${summary.units} đơn vị trong tệp, ${summary.unitsChanged} đơn vị có thay đổi.`);
      return;
    }
    throw new UsageError('Lệnh survey cần template hoặc import.');
  },
  audit(p, out) {
    if (p.positional[1] !== 'export') throw new UsageError('Lệnh audit cần export.');
    const target = option(p, '--out', true);
    const format = target.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    const unitCode = option(p, '--unit');
    const criterionCode = option(p, '--criterion');
    const action = option(p, '--action');
    const file = withServices(option(p, '--db', true), true, (s) => {
      const id = campaignOf(s, p);
      if (unitCode !== undefined && !s.repos.units.get(id, unitCode)) throw new AppError('not_found', 'unit.notFound', { unitCode });
      return s.audit.exportFile(id, { unitCode, criterionCode, action }, format);
    });
    out(`Đã xuất nhật ký thay đổi (${format}): ${writeOut(target, file.bytes)}`);
  },
  // ——— end of survey and audit ———
  finalize(p, out) {
    withServices(option(p, '--db', true), true, (s) => {
      requireSecretariat(s.repos, 'chốt kết quả');
      const id = campaignOf(s, p);
      s.consolidation.finalize(id, actor());
      out(`Đã chốt kết quả đợt đánh giá #${id}. Muốn sửa phải mở khóa (par unlock --reason "…").`);
    });
  },
  unlock(p, out) {
    withServices(option(p, '--db', true), true, (s) => {
      requireSecretariat(s.repos, 'mở khóa kết quả');
      const id = campaignOf(s, p);
      s.consolidation.unlock(id, option(p, '--reason', true), actor());
      out(`Đã mở khóa đợt đánh giá #${id}; lý do đã được ghi lại.`);
    });
  },
  // ——— Rounds ———
  round(p, out) {
    const verb = p.positional[1];
    if (verb === 'open') {
      const reason = option(p, '--reason', true);
      if (reason.trim() === '') throw new UsageError('--reason không được để trống: hãy ghi lý do mở vòng thẩm định 2.');
      withServices(option(p, '--db', true), true, (s) => {
        const summary = s.rounds.open(campaignOf(s, p), reason, actor());
        out(`Đã mở vòng thẩm định 2; kết quả vòng 1 được giữ lại (${summary.rounds[0]!.finals} ô có điểm). Không quay lại vòng 1 được.`);
      });
      return;
    }
    if (verb === 'status') {
      withServices(option(p, '--db', true), true, (s) => {
        const summary = s.rounds.summary(campaignOf(s, p));
        if (p.options.has('--json')) {
          out(JSON.stringify(summary, null, 2));
          return;
        }
        out(`Vòng hiện tại: ${summary.current}${summary.reason ? ` (mở vòng 2: ${summary.reason})` : ''}; yêu cầu giải trình: ${summary.openRequests} đang chờ, ${summary.answeredRequests} đã trả lời.`);
        for (const r of summary.rounds) out(`  Vòng ${r.round}: ${r.state}; ${r.proposals} điểm đề xuất của ${r.members} thành viên, ${r.decisions} quyết định, ${r.finals} ô có điểm.`);
      });
      return;
    }
    throw new UsageError('Lệnh round cần open hoặc status.');
  },
  async explanations(p, out) {
    const verb = p.positional[1];
    if (verb === 'request') {
      const text = option(p, '--text', true);
      if (text.trim() === '') throw new UsageError('--text không được để trống: hãy ghi nội dung yêu cầu giải trình.');
      if (text.length > 2000) throw new UsageError(`--text dài ${text.length} ký tự, tối đa 2000.`);
      withServices(option(p, '--db', true), true, (s) => {
        const unitCode = option(p, '--unit', true);
        const criterionCode = option(p, '--criterion', true);
        s.workspace.requestExplanation({ campaignId: campaignOf(s, p), unitCode, criterionCode, text });
        out(`Đã ghi yêu cầu giải trình: đơn vị ${unitCode}, tiêu chí ${criterionCode}.`);
      });
      return;
    }
    if (verb === 'export') {
      const target = option(p, '--out', true);
      const unit = option(p, '--unit');
      const file = withServices(option(p, '--db', true), true, (s) => s.rounds.exportForUnits(campaignOf(s, p), unit));
      out(`Đã xuất danh sách yêu cầu giải trình (${file.requests} yêu cầu, ${file.units} đơn vị): ${writeOut(target, file.bytes)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn danh sách giải trình đã điền (.xlsx).');
      const path = resolve(file);
      if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
      const bytes = readFileSync(path);
      // The workbook is read in full before the database is opened: an unreadable file changes nothing.
      await readExplanationWorkbook(bytes);
      const result = await withServicesAsync(option(p, '--db', true), (s) => s.rounds.importAnswers(campaignOf(s, p), bytes, basename(path), actor()));
      out(`Đã nhập giải trình: ${result.answered} yêu cầu được trả lời${result.units.length > 0 ? ` (đơn vị ${result.units.join(', ')})` : ''}, ${result.unchanged} không đổi, ${result.blank} dòng đơn vị chưa điền (vẫn chờ).`);
      return;
    }
    throw new UsageError('Lệnh explanations cần request, export hoặc import.');
  },
  // ——— end of rounds ———
  async import(p, out) {
    const file = p.positional[1];
    if (!file) throw new UsageError('Thiếu đường dẫn sổ tính cần nhập.');
    const dbFile = option(p, '--db', true);
    const path = resolve(file);
    if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
    // Validate fully before the database is even opened: a bad file changes nothing.
    const content = await readCampaignWorkbook(readFileSync(path));
    const id = withServices(dbFile, false, (s) => {
      requireSecretariat(s.repos, 'nhập sổ tính đợt đánh giá');
      try {
        return s.campaigns.importWorkbookContent(content, actor(), `workbook:${path}`, p.options.has('--copy'));
      } catch (error) {
        // On the command line, the answer to "import it again?" is a flag.
        if (error instanceof AppError && error.code === 'conflict') throw new AppError('conflict', 'cli.importCopyHint', { message: error.message });
        throw error;
      }
    });
    out(`Đã nhập đợt đánh giá #${id.campaignId} "${id.name}": ${content.criteria.length} tiêu chí, ${content.units.length} đơn vị, ${content.scores.length} dòng điểm.`);
  },
  rank(p, out) {
    withServices(option(p, '--db', true), true, (s) => {
      const ranking = s.scoring.ranking(campaignOf(s, p));
      if (p.options.has('--json')) {
        out(JSON.stringify(rankJson(ranking.groups.flatMap((g) => g.rows), ranking.provisional), null, 2));
        return;
      }
      if (ranking.provisional) out(translate('vi', 'results.provisional'));
      for (const g of ranking.groups) {
        out(`\n${g.name}`);
        for (const r of g.rows) {
          if (!r.appraised) {
            out(`${'—'.padStart(4)}  ${r.unitName.padEnd(40)} ${translate('vi', 'ranking.notAppraised')}`);
            continue;
          }
          out(`${String(r.rank ?? '—').padStart(4)}  ${r.unitName.padEnd(40)} ${formatPoints(r.totalMilli).padStart(8)} / ${formatPoints(r.maxMilli).padEnd(6)} ${formatIndex(r.indexHundredths).padStart(6)}%  ${r.band ?? ''}`);
        }
      }
    });
  },
  'export-workbook'(p, out) {
    const target = option(p, '--out', true);
    withServices(option(p, '--db', true), true, (s) => {
      const written = writeOut(target, writeCampaignWorkbook(s.campaigns.content(campaignOf(s, p))));
      out(`Đã xuất sổ tính: ${written}`);
    });
  },
  async 'export-annex'(p, out, err) {
    const target = option(p, '--out', true);
    const date = option(p, '--date');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`Ngày "${date}" phải có dạng yyyy-mm-dd.`);
    const annex = (option(p, '--annex') ?? 'I').toUpperCase();
    if (annex !== 'I' && annex !== 'II' && annex !== 'III' && annex !== 'ALL') throw new UsageError(`--annex phải là I, II, III hoặc all (đang là "${annex}").`);
    const format = option(p, '--format') ?? (target.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xlsx');
    if (format !== 'xlsx' && format !== 'pdf') throw new UsageError(`--format phải là xlsx hoặc pdf (đang là "${format}").`);
    if (p.options.has('--sign')) {
      // Refuse before exporting: a half-done "export and sign" would leave an unsigned file behind.
      const problem = signOptionsProblem(p);
      if (problem) throw new UsageError(problem);
      const refusal = await signIdentityRefusal(p);
      if (refusal) throw new AppError('forbidden', 'signing.refused', { reason: refusal });
    }
    const which: AnnexNumber[] = annex === 'ALL' ? ['I', 'II', 'III'] : [annex];
    const decisionNo = option(p, '--decision');
    const issuer = option(p, '--issuer');
    const set = withServices(option(p, '--db', true), true, (s) => {
      requireSecretariat(s.repos, 'xuất phụ lục quyết định');
      return buildAnnexes(s, campaignOf(s, p), which, {
        ...(decisionNo !== undefined ? { decisionNo } : {}),
        ...(date !== undefined ? { decisionDate: date } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
      });
    });
    const buffer = format === 'pdf' ? await writeAnnexPdf(set) : writeAnnexXlsx(set);
    const written = writeOut(target, buffer);
    out(`Đã xuất ${which.map((n) => `Phụ lục ${n}`).join(', ')} (${format}): ${written}`);
    if (set.draft) {
      err(`Cảnh báo: đợt đánh giá chưa chốt kết quả, phụ lục được đánh dấu DỰ THẢO (kết quả tạm tính).${set.draft.missing.length > 0 ? ' Còn thiếu:' : ''}`);
      for (const line of set.draft.missing) err(`  - ${line}`);
    }
    if (p.options.has('--sign')) return signExportedFile(p, written, { out, err });
    return undefined;
  },
};

export async function main(argv: string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.err((error as Error).message + '\n\n' + USAGE);
    return 2;
  }
  const name = parsed.positional[0];
  if (!name || parsed.options.has('--help') || parsed.options.has('-h') || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Lệnh "${name}" không tồn tại.\n\n${USAGE}`);
    return 2;
  }
  try {
    const code = await command(parsed, io.out, io.err);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`Lỗi: ${error.message}`);
      for (const issue of error.issues ?? []) io.err(`  - ${describeIssue(issue)}`);
      return 1;
    }
    io.err(`Lỗi không mong đợi: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
