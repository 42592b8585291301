// The `par` command line: a door onto the same core as the app and the browser host. It opens the core on
// the database the user names and sends every operation through `dispatch`, so the contract's checks and
// the role rule apply here too; this file only parses arguments, reads and writes the files the user
// names, and formats the answers. Command and option names are a contract other tools rely on. Every
// refusal exits non-zero with a Vietnamese message, changing nothing.

import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { RankRow } from '../../shared/calc.js';
import { PHASES, dayMonthYear, parseDayMonthYear, vietnamTime, type Phase } from '../../shared/calendar.js';
import type { CalendarView, CallContext, ExportedFile, FilePayload, Input, MemberSheet, MemberSheetRow, Method, Output, Progress, RegisteredMember, SheetRow, UnitSheet } from '../../shared/contract.js';
import { AppError, describeIssue } from '../../shared/errors.js';
import { translate } from '../../shared/i18n/index.js';
import { formatIndex, formatPoints, milliToNumber, parsePointsText } from '../../shared/numbers.js';
import {
  BACKUP_FLAGS,
  BACKUP_USAGE,
  backupCommand,
  exportsFolder,
  formatBytes,
  openApp,
  restoreCommand,
  SIGN_FLAGS,
  SIGN_USAGE,
  signCommand,
  signExportedFile,
  signIdentityRefusal,
  signOptionsProblem,
  tokensCommand,
  verifyCommand,
  type AppCore,
} from '../core/app.js';
import { abortOnSigint, ProgressPrinter } from './progress.js';

const USAGE = `Cách dùng: par <lệnh> [tùy chọn]

  import <sổ-tính.xlsx> --db <tệp> [--copy]  Nhập sổ tính đợt đánh giá (tạo đợt mới; --copy: nhập thêm bản sao khi đã có đợt cùng tên)
  rank --db <tệp> [--campaign <id>] [--json]  Xếp hạng theo nhóm
  export-workbook --db <tệp> --out <tệp.xlsx> [--campaign <id>]
  export-annex --db <tệp> --out <tệp> [--annex I|II|III|all] [--format xlsx|pdf]
               [--campaign <id>] [--decision "679/QĐ-UBND"] [--date 2022-02-16] [--issuer "…"]
  export-decision --db <tệp> --out <quyet-dinh.docx> [--campaign <id>] [--decision "…"] [--date yyyy-mm-dd] [--issuer "…"]
                                              Dự thảo quyết định công bố kết quả (.docx, sửa tiếp bằng Word/LibreOffice)
  export-report --db <tệp> --out <bao-cao.docx> [--campaign <id>] [--issuer "…"]   Báo cáo kết quả thẩm định của Hội đồng (.docx)

  Trao đổi và tổng hợp (không cần mạng):
  member init --db <tệp> --name "…" --agency "…" [--role "…"] [--kind member|secretariat] --out <thành-viên.pub>
  member add --db <tệp> <thành-viên.pub> --areas 1,2 [--units MA1,MA2] [--campaign <id>] [--replace-key "<dấu vân tay khóa mới>"]
             (đợt có nhiều bộ tiêu chí: --areas XA:1,SO:2 — lĩnh vực của một bộ; "1" là lĩnh vực 1 của mọi bộ)
  member list --db <tệp> [--campaign <id>] [--json]     Thành viên đã đăng ký: họ tên, cơ quan, mã, dấu vân tay, lĩnh vực
  package export --db <tệp> --out <gói.parpkg> [--for <mã hoặc họ tên thành viên> | --for-unit <mã đơn vị>] [--campaign <id>]
                 (trên máy đơn vị: gói tự đánh giá đã ký gửi Tổ thư ký)
                 [--password-env <BIẾN> | --pin-env <BIẾN>]   (thành viên ký gói bằng chứng thư số)
  package import --db <tệp> <gói.parpkg> [--expect-fingerprint "<dấu vân tay của Tổ thư ký>"]
  package export-evidence --db <tệp> --out <gói.parevd> [--for <mã hoặc họ tên thành viên>] [--campaign <id>]
                 (trên máy thành viên: các tệp chính thành viên đính kèm, gửi kèm gói của thành viên)
  package import-evidence --db <tệp> <gói.parevd>       Tệp tài liệu kiểm chứng đi kèm gói đợt đánh giá hoặc gói thành viên
  score --db <tệp> --unit <mã> --criterion <mã> --points <n|KAD> [--reason "…"] [--campaign <id>]
  sheet --db <tệp> --unit <mã> [--json] [--campaign <id>]   Phiếu chấm của một đơn vị: tự đánh giá (cả đề nghị KAD), điểm, tài liệu kiểm chứng
  consolidate --db <tệp> [--json] [--campaign <id>]
  decide --db <tệp> --unit <mã> --criterion <mã> --points <n|KAD> --reason "…" [--campaign <id>]
  finalize --db <tệp> [--campaign <id>]
  unlock --db <tệp> --reason "…" [--campaign <id>]

  Đơn vị tự đánh giá (máy của đơn vị; gói đơn vị do Tổ thư ký xuất bằng package export --for-unit):
  unit init --db <tệp> --unit-code <mã> --name "…" [--agency "…"] --out <đơn-vị.pub>   Hồ sơ và khóa ký của đơn vị
  unit add --db <tệp> <đơn-vị.pub> [--campaign <id>] [--replace-key "<dấu vân tay khóa mới>"]   (Tổ thư ký) Đăng ký đơn vị
  unit list --db <tệp> [--campaign <id>] [--json]        Đơn vị đã đăng ký, dấu vân tay, gói tự đánh giá đã nhận
  self score --db <tệp> --criterion <mã> (--points <n|KAD> | --figures <a/b> | --option <số thứ tự>) [--reason "…"]
                                              Tự chấm (KAD: đề nghị không áp dụng, cần --reason); --points "" xóa điểm
  self explain --db <tệp> --criterion <mã> --text "…"   Giải trình khi thiếu tài liệu kiểm chứng
  self attach --db <tệp> --criterion <mã> <tệp> [<tệp>…]  Đính kèm tài liệu kiểm chứng
  self answer --db <tệp> --request <số> --text "…"       Trả lời yêu cầu giải trình của Hội đồng (vòng 2)
  self status --db <tệp> [--json]                        Tổng điểm tự đánh giá, mức độ đầy đủ, hạn
  self report --db <tệp> --out <bao-cao.pdf|bao-cao.docx>   Báo cáo tự đánh giá
  tracker --db <tệp> [--campaign <id>] [--json] [--out <theo-doi.xlsx>]   (Tổ thư ký) Theo dõi gói, tự đánh giá, đề xuất

  Điều tra xã hội học, điểm thưởng/trừ và nhật ký:
  survey template --db <tệp> --out <tệp.xlsx> [--campaign <id>]
  survey import --db <tệp> <tệp.xlsx> [--campaign <id>]      (ô trống: giữ nguyên; "-": xóa điểm)
  audit export --db <tệp> --out <tệp.xlsx|tệp.csv> [--unit <mã>] [--criterion <mã>] [--action <hành động>] [--separator ";"] [--campaign <id>]
  Hai vòng thẩm định và giải trình của đơn vị:
  round open --db <tệp> --reason "…" [--campaign <id>]          Mở vòng thẩm định 2 (giữ lại kết quả vòng 1)
  round status --db <tệp> [--json] [--campaign <id>]
  explanations request --db <tệp> --unit <mã> --criterion <mã> --text "…" [--campaign <id>]   (thành viên)
  explanations export --db <tệp> --out <tệp.xlsx> [--unit <mã>] [--campaign <id>]
  explanations import --db <tệp> <tệp.xlsx> [--campaign <id>]   Nhập giải trình các đơn vị đã điền
  Lịch thẩm định (hạn là hết ngày theo giờ Việt Nam; giai đoạn: ${PHASES.join(', ')}):
  calendar --db <tệp> [--json] [--campaign <id>]                 Các giai đoạn, hạn, gia hạn, số ngày còn lại
  calendar set --db <tệp> --phase <giai đoạn> --deadline dd/mm/yyyy [--campaign <id>]   (--deadline "" bỏ hạn)
  calendar extend --db <tệp> --phase <giai đoạn> --deadline dd/mm/yyyy --reason "…" [--campaign <id>]

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

/** The core opened on one database file, and the one way the command line calls it. */
interface Session {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Where an exported file (annex) goes: moved from the core's exports folder to `target`. */
  takeExport(file: ExportedFile, target: string): string;
}

/**
 * Every call of the command line goes through here. The call context is built in this one place, so a
 * progress printer (`ctx.progress`) and Ctrl+C (`ctx.signal`) plug in here for every long operation.
 */
async function dispatch<M extends Method>(core: AppCore, method: M, input: Input<M>): Promise<Output<M>> {
  // On a terminal a long operation shows one updating progress line; Ctrl+C cancels it (nothing is written).
  const printer = new ProgressPrinter();
  const interrupt = abortOnSigint();
  const ctx: CallContext = { actor: actor(), progress: printer.update, signal: interrupt.signal };
  try {
    const reply = await core.dispatch(method, input, ctx);
    if (!reply.ok) throw AppError.fromShape(reply.error);
    return reply.value as Output<M>;
  } finally {
    printer.finish();
    interrupt.dispose();
  }
}

/** A long command outside the core (restore): the same progress line and Ctrl+C as `dispatch`. */
async function watched<T>(fn: (watch: { progress: (p: Progress) => void; signal: AbortSignal }) => Promise<T>): Promise<T> {
  const printer = new ProgressPrinter();
  const interrupt = abortOnSigint();
  try {
    return await fn({ progress: printer.update, signal: interrupt.signal });
  } finally {
    printer.finish();
    interrupt.dispose();
  }
}

/** Moves a file the core wrote into its exports folder (an annex) to where the user asked for it. */
function takeExport(core: AppCore, file: ExportedFile, target: string): string {
  const full = resolve(target);
  if (!existsSync(dirname(full))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(full) });
  return moveTo(join(exportsFolder(core.info.dataDir), file.fileName), full);
}

/**
 * `existing`: the database must be there. `create`: opened or created. `createIfAccepted`: created, but a
 * refused command removes the file it created, so a bad first import leaves no database behind.
 */
type DbMode = 'existing' | 'create' | 'createIfAccepted';

async function withCore<T>(dbFile: string, mode: DbMode, fn: (c: Session) => Promise<T>): Promise<T> {
  const dbPath = resolve(dbFile);
  const existed = existsSync(dbPath);
  if (mode === 'existing' && !existed) throw new AppError('not_found', 'db.notFound', { path: dbPath });
  // The data folder is the database's folder (evidence, keys, backups beside it), as it always was for `par`.
  const core = openApp({ host: 'cli', dbPath, dataDir: dirname(dbPath), seedDemo: false });
  let accepted = false;
  try {
    const result = await fn({ call: (method, input) => dispatch(core, method, input), takeExport: (file, target) => takeExport(core, file, target) });
    accepted = true;
    return result;
  } finally {
    core.close();
    if (!accepted && !existed && mode === 'createIfAccepted') {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
    }
  }
}

/** The campaign named by --campaign, or the newest one. */
async function campaignOf(c: Session, p: Parsed): Promise<number> {
  const given = option(p, '--campaign');
  if (given === undefined) return (await c.call('campaign/resolve', {})).id;
  const id = Number(given);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`Mã đợt đánh giá "${given}" không hợp lệ (số nguyên dương).`);
  return (await c.call('campaign/resolve', { campaignId: id })).id;
}

function writeOut(path: string, data: Buffer): string {
  const full = resolve(path);
  if (!existsSync(dirname(full))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(full) });
  writeFileSync(full, data);
  return full;
}

const writePayload = (path: string, file: FilePayload): string => writeOut(path, Buffer.from(file.contentBase64, 'base64'));

/** A file the core wrote in its data folder, moved to where the user asked for it. */
function moveTo(from: string, target: string): string {
  try {
    renameSync(from, target);
  } catch {
    // Another disk: copy, then remove the original.
    copyFileSync(from, target);
    rmSync(from, { force: true });
  }
  return target;
}

/** The file the user named on the command line: it must exist. */
function inputFile(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new AppError('not_found', 'file.notFound', { path });
  return path;
}

/** A small file the user named, as the browser door sends it: its name and its bytes in base64. */
function filePayload(path: string): FilePayload {
  return { fileName: basename(path), contentBase64: readFileSync(path).toString('base64') };
}

/** A file of any size sent as the browser door sends it: a chunked upload; returns the upload's id. */
async function upload(c: Session, begin: 'evidenceBundle/uploadBegin' | 'evidence/uploadBegin', path: string): Promise<string> {
  const size = statSync(path).size;
  const started = await c.call(begin, { fileName: basename(path), size });
  const buffer = Buffer.alloc(started.chunkBytes);
  const fd = openSync(path, 'r');
  try {
    for (let offset = 0; offset < size; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - offset), offset);
      if (n === 0) throw new AppError('invalid_input', 'cli.fileShrank', { path });
      await c.call('evidence/uploadChunk', { uploadId: started.uploadId, offset, chunkBase64: buffer.subarray(0, n).toString('base64') });
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
  return started.uploadId;
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

const PACKAGE_KIND_NAMES = { campaign: 'đợt đánh giá', member: 'của thành viên', 'unit-campaign': 'đơn vị', unit: 'tự đánh giá của đơn vị' } as const;

const defined = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** Registered members as a table a person reads in a terminal (columns padded to their widest cell). */
function memberTable(members: RegisteredMember[]): string {
  const head = ['Họ tên', 'Cơ quan', 'Mã thành viên', 'Dấu vân tay', 'Lĩnh vực'];
  const rows = members.map((m) => [m.name, m.agency || '—', m.uid, m.fingerprint ?? '(chưa có khóa)', m.areas.length > 0 ? m.areas.join(', ') + (m.units.length > 0 ? ` (đơn vị ${m.units.join(', ')})` : '') : '—']);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The calendar as a person reads it in a terminal: one line per phase. */
function calendarLines(view: CalendarView): string[] {
  const width = Math.max(...PHASES.map((x) => translate('vi', `calendar.phase.${x}`).length));
  return [
    `Lịch thẩm định (hôm nay ${dayMonthYear(view.today)}, giờ Việt Nam${view.readOnly ? '; do Tổ thư ký đặt, chỉ xem' : ''}):`,
    ...view.phases.map((x) => {
      const name = translate('vi', `calendar.phase.${x.phase}`).padEnd(width);
      if (x.deadline === null || x.effective === null || x.daysLeft === null) return `  ${x.phase.padEnd(11)} ${name}  chưa đặt hạn`;
      const state = x.closed ? 'đã hết hạn' : x.daysLeft === 0 ? 'hôm nay là ngày cuối' : `còn ${x.daysLeft} ngày`;
      const extension = x.extension ? `, gia hạn đến ${dayMonthYear(x.extension.deadline)} (lý do: ${x.extension.reason}; ${x.extension.by}, ${vietnamTime(new Date(x.extension.at))})` : '';
      return `  ${x.phase.padEnd(11)} ${name}  hạn ${dayMonthYear(x.deadline)}${extension} — ${state}`;
    }),
  ];
}

/** --phase: one of the phase codes. */
function phaseArg(p: Parsed): Phase {
  const raw = option(p, '--phase', true);
  const phase = PHASES.find((x) => x === raw);
  if (!phase) throw new UsageError(`--phase "${raw}" phải là một trong: ${PHASES.join(', ')}.`);
  return phase;
}

/** --deadline dd/mm/yyyy → yyyy-mm-dd ('' when empty and allowed: removes the deadline). */
function deadlineArg(p: Parsed, allowEmpty: boolean): string {
  const raw = option(p, '--deadline', true);
  if (raw.trim() === '' && allowEmpty) return '';
  const iso = parseDayMonthYear(raw);
  if (iso === null) throw new UsageError(`--deadline "${raw}" phải là một ngày có thật, viết dd/mm/yyyy (ví dụ 15/03/2026).`);
  return iso;
}

const listArg = (p: Parsed, name: string): string[] => (option(p, name) ?? '').split(',').map((x) => x.trim()).filter(Boolean);

const commands: Record<string, (p: Parsed, out: (s: string) => void, err: (s: string) => void) => void | number | Promise<void | number>> = {
  sign: (p, out, err) => signCommand(p, { out, err }),
  verify: (p, out, err) => verifyCommand(p, { out, err }),
  tokens: (p, out, err) => tokensCommand(p, { out, err }),
  backup: (p, out) => backupCommand(p, out),
  restore: (p, out) => watched((watch) => restoreCommand(p, out, watch)),
  async member(p, out) {
    const verb = p.positional[1];
    if (verb === 'init') {
      const target = option(p, '--out', true);
      const kind = option(p, '--kind') ?? 'member';
      if (kind !== 'member' && kind !== 'secretariat') throw new UsageError('--kind phải là member hoặc secretariat.');
      const identity = await withCore(option(p, '--db', true), 'create', (c) =>
        c.call('identity/create', { name: option(p, '--name', true), agency: option(p, '--agency') ?? '', role: option(p, '--role') ?? (kind === 'member' ? 'Thành viên Hội đồng' : 'Tổ thư ký'), kind }),
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
      let card: FilePayload;
      try {
        card = filePayload(resolve(file));
      } catch {
        throw new AppError('invalid_input', 'cli.identityUnreadable', { file });
      }
      const areas = listArg(p, '--areas');
      if (areas.length === 0) throw new UsageError('Thiếu --areas (các lĩnh vực được phân công, ví dụ 1,2).');
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        const identity = await c.call('identity/register', { campaignId, ...card, ...defined('replaceKeyFingerprint', option(p, '--replace-key')) });
        await c.call('member/assign', { campaignId, memberUid: identity.uid, areas, units: listArg(p, '--units') });
        out(`Đã đăng ký thành viên "${identity.name}" (${identity.agency || 'không ghi cơ quan'}), lĩnh vực ${areas.join(', ')}.`);
        out(`Dấu vân tay khóa — hãy đối chiếu với thành viên qua điện thoại hoặc trên giấy: ${identity.fingerprint}`);
      });
      return;
    }
    if (verb === 'list') {
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = option(p, '--campaign') !== undefined || (await c.call('campaign/list', {})).length > 0 ? await campaignOf(c, p) : null;
        const members = await c.call('member/registered', { campaignId });
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
  async sheet(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      const unitCode = option(p, '--unit', true);
      // A member reads their own sheet (their proposals beside the unit's self-assessment); the secretariat the finals.
      const member = (await c.call('member/self', {}))?.kind === 'member';
      const sheet: UnitSheet | MemberSheet = member ? await c.call('proposal/sheet', { campaignId, unitCode }) : await c.call('sheet/get', { campaignId, unitCode });
      const files = new Map((await c.call('evidence/list', { campaignId, unitCode })).criteria.map((g) => [g.criterionCode, g.items]));
      const rows = (sheet.rows as Array<SheetRow & Partial<MemberSheetRow>>).map((r) => ({
        code: r.code, name: r.name, max: milliToNumber(r.maxMilli),
        self: r.selfNotApplicable ? 'KAD' : r.selfMilli === null ? null : milliToNumber(r.selfMilli), selfReason: r.selfReason,
        points: r.notApplicable ? 'KAD' : r.pointsMilli === null ? null : milliToNumber(r.pointsMilli),
        ...(member ? { proposal: r.proposalNotApplicable ? 'KAD' : r.proposalMilli == null ? null : milliToNumber(r.proposalMilli), explanation: r.explanation ?? '' } : {}),
        evidence: (files.get(r.code) ?? []).map((e) => ({ fileName: e.fileName, sha256: e.sha256, available: e.available })),
      }));
      if (p.options.has('--json')) {
        out(JSON.stringify({ unitCode, set: sheet.set, rows }, null, 2));
        return;
      }
      const shown = (v: number | string | null) => (v === null ? '—' : typeof v === 'string' ? v : formatPoints(Math.round(v * 1000)));
      out(`Đơn vị ${sheet.unit.code} — ${sheet.unit.name} (${sheet.set.name})`);
      for (const r of rows) {
        out(`${r.code.padEnd(8)} tối đa ${shown(r.max)}  tự đánh giá ${shown(r.self)}${r.selfReason ? ` (${r.selfReason})` : ''}  thẩm định ${shown(r.points)}${'proposal' in r ? `  đề xuất ${shown(r.proposal ?? null)}` : ''}${r.evidence.length > 0 ? `  kiểm chứng: ${r.evidence.map((e) => e.fileName).join(', ')}` : ''}`);
      }
    });
  },
  async unit(p, out) {
    const verb = p.positional[1];
    if (verb === 'init') {
      const target = option(p, '--out', true);
      const card = await withCore(option(p, '--db', true), 'create', (c) =>
        c.call('unitIdentity/create', { unitCode: option(p, '--unit-code', true), name: option(p, '--name', true), agency: option(p, '--agency') ?? '' }),
      );
      writeOut(target, Buffer.from(JSON.stringify(card, null, 2)));
      out(`Đã tạo hồ sơ đơn vị "${card.name}" (mã đơn vị ${card.unitCode}) và khóa ký riêng trên máy này.`);
      out(`Dấu vân tay khóa (đọc cho Tổ thư ký để xác minh): ${card.fingerprint}`);
      out(`Tệp danh tính gửi Tổ thư ký: ${resolve(target)}`);
      return;
    }
    if (verb === 'add') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu tệp danh tính của đơn vị (.pub).');
      let card: FilePayload;
      try {
        card = filePayload(resolve(file));
      } catch {
        throw new AppError('invalid_input', 'cli.identityUnreadable', { file });
      }
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        const unit = await c.call('unitIdentity/register', { campaignId, ...card, ...defined('replaceKeyFingerprint', option(p, '--replace-key')) });
        out(`Đã đăng ký đơn vị ${unit.unitCode} ("${unit.name}").`);
        out(`Dấu vân tay khóa — hãy đối chiếu với đơn vị qua điện thoại hoặc trên giấy: ${unit.fingerprint}`);
      });
      return;
    }
    if (verb === 'list') {
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = option(p, '--campaign') !== undefined || (await c.call('campaign/list', {})).length > 0 ? await campaignOf(c, p) : null;
        const units = await c.call('unitIdentity/list', { campaignId });
        if (p.options.has('--json')) {
          out(JSON.stringify(units, null, 2));
          return;
        }
        if (units.length === 0) {
          out('Chưa có đơn vị nào được đăng ký trên máy này (par unit add).');
          return;
        }
        for (const u of units) {
          out(`${u.unitCode}  ${u.unitName || u.name}  ${u.fingerprint}  ${u.lastPackageAt ? `${u.packages} gói, gói cuối ${vietnamTime(new Date(u.lastPackageAt))}` : 'chưa gửi gói tự đánh giá'}`);
        }
      });
      return;
    }
    throw new UsageError('Lệnh unit cần init, add hoặc list.');
  },
  async self(p, out) {
    const verb = p.positional[1];
    const db = option(p, '--db', true);
    if (verb === 'score') {
      const criterionCode = option(p, '--criterion', true);
      const points = option(p, '--points');
      const figures = option(p, '--figures');
      const choice = option(p, '--option');
      if ([points, figures, choice].filter((x) => x !== undefined).length !== 1) throw new UsageError('Cần đúng một trong --points, --figures hoặc --option.');
      const reason = option(p, '--reason');
      const sheet = await withCore(db, 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        if (points !== undefined && points.trim().toUpperCase() === 'KAD') {
          return c.call('self/setNotApplicable', { campaignId, criterionCode, notApplicable: true, reason: reason ?? '' });
        }
        let input: Input<'self/set'>['input'];
        if (figures !== undefined) {
          const m = /^\s*([\d.,]+)\s*\/\s*([\d.,]+)\s*$/.exec(figures);
          const [a, b] = m ? [Number(m[1]!.replace(',', '.')), Number(m[2]!.replace(',', '.'))] : [NaN, NaN];
          if (!Number.isFinite(a) || !Number.isFinite(b)) throw new UsageError(`--figures "${figures}" phải có dạng <số được tính>/<tổng số>, ví dụ 45/50.`);
          input = { kind: 'figures', numerator: a, denominator: b };
        } else if (choice !== undefined) {
          const n = Number(choice);
          if (!Number.isInteger(n) || n < 1) throw new UsageError(`--option "${choice}" phải là số thứ tự của mức (1, 2, …).`);
          input = { kind: 'option', index: n - 1 };
        } else if (points!.trim() === '') input = null;
        else {
          const m = parsePointsText(points!);
          if (m === null || m < 0) throw new UsageError(`--points "${points}" phải là số điểm (ví dụ 1,5), KAD hoặc "" để xóa.`);
          input = { kind: 'points', pointsMilli: m };
        }
        return c.call('self/set', { campaignId, criterionCode, input, ...defined('reason', reason) });
      });
      const row = sheet.rows.find((r) => r.code === criterionCode)!;
      const value = row.selfNotApplicable ? `đề nghị không áp dụng (${row.selfReason})` : row.selfMilli === null ? 'chưa chấm' : `${formatPoints(row.selfMilli)} điểm`;
      out(`Đã ghi tự đánh giá tiêu chí ${criterionCode}: ${value}. Tổng tự đánh giá ${formatPoints(sheet.totalMilli)}/${formatPoints(sheet.maxMilli)}.`);
      if (row.missingEvidence) out('  - Tiêu chí này chưa có tài liệu kiểm chứng hoặc giải trình (par self attach / par self explain).');
      return;
    }
    if (verb === 'explain') {
      const criterionCode = option(p, '--criterion', true);
      await withCore(db, 'existing', async (c) => c.call('self/setExplanation', { campaignId: await campaignOf(c, p), criterionCode, explanation: option(p, '--text', true) }));
      out(`Đã ghi giải trình tiêu chí ${criterionCode}.`);
      return;
    }
    if (verb === 'answer') {
      const requestId = Number(option(p, '--request', true));
      if (!Number.isInteger(requestId) || requestId <= 0) throw new UsageError('--request phải là số của yêu cầu giải trình (xem par self status).');
      await withCore(db, 'existing', async (c) => c.call('self/answer', { campaignId: await campaignOf(c, p), requestId, answer: option(p, '--text', true) }));
      out(`Đã ghi trả lời yêu cầu giải trình số ${requestId}.`);
      return;
    }
    if (verb === 'attach') {
      const criterionCode = option(p, '--criterion', true);
      const files = p.positional.slice(2).map(inputFile);
      if (files.length === 0) throw new UsageError('Thiếu tệp tài liệu kiểm chứng.');
      await withCore(db, 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        const own = await c.call('unitIdentity/self', {});
        if (!own) throw new AppError('forbidden', 'unitRole.notUnitMachine');
        for (const file of files) {
          await c.call('evidence/uploadFinish', { uploadId: await upload(c, 'evidence/uploadBegin', file), campaignId, unitCode: own.unitCode, criterionCode });
          out(`Đã đính kèm "${basename(file)}" vào tiêu chí ${criterionCode}.`);
        }
      });
      return;
    }
    if (verb === 'status') {
      const sheet = await withCore(db, 'existing', async (c) => c.call('self/sheet', { campaignId: await campaignOf(c, p) }));
      if (p.options.has('--json')) {
        out(JSON.stringify(sheet, null, 2));
        return;
      }
      out(`Đơn vị ${sheet.unitCode} — ${sheet.unitName} (${sheet.setName}), đợt "${sheet.campaignName}"`);
      out(`Tự đánh giá: ${formatPoints(sheet.totalMilli)}/${formatPoints(sheet.maxMilli)} điểm, chỉ số ${formatIndex(sheet.indexHundredths)}`);
      out(`Đã tự chấm ${sheet.scored}/${sheet.leaves} tiêu chí; có tài liệu kiểm chứng hoặc giải trình ${sheet.documented}/${sheet.scored}.`);
      if (sheet.selfDeadline?.effective) out(`Hạn tự đánh giá: ${dayMonthYear(sheet.selfDeadline.effective)}${sheet.selfDeadline.closed ? ' (đã hết hạn: điểm tự chấm chỉ còn để xem)' : ''}`);
      for (const row of sheet.rows) for (const q of row.requests) out(`  Yêu cầu giải trình số ${q.requestId} (tiêu chí ${row.code}): ${q.text}${q.answer ? ` — đã trả lời: ${q.answer}` : ' — chưa trả lời'}`);
      return;
    }
    if (verb === 'report') {
      const target = option(p, '--out', true);
      const format = target.toLowerCase().endsWith('.docx') ? 'docx' : 'pdf';
      const saved = await withCore(db, 'existing', async (c) => c.takeExport(await c.call('self/report', { campaignId: await campaignOf(c, p), format }), target));
      out(`Đã xuất báo cáo tự đánh giá: ${saved}`);
      return;
    }
    throw new UsageError('Lệnh self cần score, explain, attach, answer, status hoặc report.');
  },
  async tracker(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      const target = option(p, '--out');
      if (target !== undefined) {
        out(`Đã xuất bảng theo dõi: ${writePayload(target, await c.call('tracker/export', { campaignId }))}`);
        return;
      }
      const t = await c.call('tracker/get', { campaignId });
      if (p.options.has('--json')) {
        out(JSON.stringify(t, null, 2));
        return;
      }
      for (const u of t.units) {
        out(`${u.unitCode}  ${u.unitName}  ${u.packageAt ? `gói ${vietnamTime(new Date(u.packageAt))}` : 'chưa gửi gói'}  tự chấm ${u.selfScored}/${u.leaves}  kiểm chứng ${u.evidence}/${u.selfScored}  chờ giải trình ${u.explanationsPending}${u.late ? '  TRỄ HẠN' : ''}${u.missing ? '  CÒN THIẾU' : ''}`);
      }
      for (const m of t.members) out(`${m.name}  ${m.areas.map((a) => `${a.area}: ${a.proposed}/${a.total}`).join(', ')}${m.late ? '  TRỄ HẠN' : ''}${m.missing ? '  CÒN THIẾU' : ''}`);
    });
  },
  async package(p, out) {
    const verb = p.positional[1];
    if (verb === 'export') {
      const target = option(p, '--out', true);
      const secretVar = option(p, '--password-env') ?? option(p, '--pin-env');
      const file = await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        const self = await c.call('member/self', {});
        const forName = option(p, '--for');
        const forUnit = option(p, '--for-unit');
        if (forUnit !== undefined && forName !== undefined) throw new UsageError('Chỉ dùng một trong --for và --for-unit.');
        // A unit's machine exports its self-assessment; the secretariat a unit package with --for-unit.
        if (forUnit !== undefined || (await c.call('unitIdentity/self', {})) !== null) return c.call('package/export', { campaignId, ...defined('forUnit', forUnit) });
        if (self?.kind !== 'member') {
          return c.call('package/export', { campaignId, ...defined('forMember', forName === undefined ? undefined : (await c.call('member/find', { name: forName })).uid) });
        }
        // A member whose packages are also signed with a certificate gives its password or PIN through the environment.
        if ((await c.call('signature/packageIdentity', {})).identityId !== null && !secretVar) {
          throw new UsageError('Gói của máy này được ký bằng chứng thư số: hãy cho mật khẩu tệp .p12 (--password-env <BIẾN>) hoặc mã PIN token (--pin-env <BIẾN>) qua biến môi trường.');
        }
        const secret = secretVar ? process.env[secretVar] : '';
        if (secret === undefined) throw new AppError('invalid_input', 'cli.envUnset', { variable: secretVar ?? '' });
        return c.call('package/export', { campaignId, secret });
      });
      out(`Đã xuất gói dữ liệu đã ký: ${writePayload(target, file)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn gói dữ liệu (.parpkg).');
      const path = inputFile(file);
      const expectFingerprint = option(p, '--expect-fingerprint');
      const summary = await withCore(option(p, '--db', true), 'create', (c) => c.call('package/importPinning', { ...filePayload(path), ...defined('expectFingerprint', expectFingerprint) }));
      out(summary.alreadyImported
        ? `Gói của "${summary.author}" đã được nhập trước đó: không có gì thay đổi.`
        : `Đã nhập gói ${PACKAGE_KIND_NAMES[summary.kind]} "${summary.author}" (dấu vân tay ${summary.authorFingerprint}) vào đợt "${summary.campaignName}": ${summary.applied} ô áp dụng, ${summary.skipped} ô cũ bỏ qua, ${summary.conflicts} xung đột, ${summary.finalsChanged} điểm thẩm định thay đổi.`);
      for (const note of summary.notes) out(`  - ${note}`);
      return;
    }
    if (verb === 'export-evidence') {
      const target = resolve(option(p, '--out', true));
      if (!existsSync(dirname(target))) throw new AppError('not_found', 'dir.notFound', { dir: dirname(target) });
      const forName = option(p, '--for');
      const { result, own } = await withCore(option(p, '--db', true), 'existing', async (c) => {
        const campaignId = await campaignOf(c, p);
        const forMember = forName === undefined ? undefined : (await c.call('member/find', { name: forName })).uid;
        const own = (await c.call('member/self', {}))?.kind === 'member';
        const exported = await c.call('evidenceBundle/export', { campaignId, ...defined('forMember', forMember) });
        return { own, result: { ...exported, path: moveTo(exported.path, target) } };
      });
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
      const path = inputFile(file);
      const r = await withCore(option(p, '--db', true), 'existing', async (c) =>
        c.call('evidenceBundle/import', { source: { kind: 'upload', uploadId: await upload(c, 'evidenceBundle/uploadBegin', path) } }),
      );
      out(`Đã nhập gói tài liệu kiểm chứng vào đợt "${r.campaignName}": ${r.newFiles} tệp mới, ${r.alreadyHere} tệp đã có sẵn (${formatBytes(r.bytes)}).`);
      if (r.stillMissing > 0) out(`  - ${r.stillMissing} tài liệu kiểm chứng của đợt vẫn chưa có tệp trên máy này.`);
      return;
    }
    throw new UsageError('Lệnh package cần export, import, export-evidence hoặc import-evidence.');
  },
  async score(p, out) {
    const value = pointsArg(p);
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      const unitCode = option(p, '--unit', true);
      const criterionCode = option(p, '--criterion', true);
      const cell = { campaignId, unitCode, criterionCode };
      const sheet = value.notApplicable
        ? await c.call('proposal/setNotApplicable', { ...cell, notApplicable: true })
        : await c.call('proposal/set', { ...cell, input: { kind: 'points', pointsMilli: value.pointsMilli! }, ...defined('reason', option(p, '--reason')) });
      const row = sheet.rows.find((r) => r.code === criterionCode);
      out(`Đã ghi: đơn vị ${unitCode}, tiêu chí ${criterionCode}: ${value.notApplicable ? 'không áp dụng' : formatPoints(value.pointsMilli!)}${row?.needsReason ? ' — khác điểm tự đánh giá, hãy ghi lý do (--reason).' : ''}`);
    });
  },
  async consolidate(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const report = await c.call('consolidation/report', { campaignId: await campaignOf(c, p) });
      if (p.options.has('--json')) {
        out(JSON.stringify(report, null, 2));
        return;
      }
      out(`Vòng thẩm định: ${report.round}. Chính sách: ${report.policy}; hàng đợi chênh lệch: ${report.queue.length} ô; xung đột: ${report.conflicts.length}.`);
      for (const q of report.queue.slice(0, 50)) out(`  ${q.unitCode} ${q.criterionCode}: ${q.reasons.join(', ')}`);
      for (const m of report.missing) out(`  - ${m}`);
    });
  },
  async decide(p, out) {
    const value = pointsArg(p);
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      await c.call('consolidation/decide', { campaignId, unitCode: option(p, '--unit', true), criterionCode: option(p, '--criterion', true), ...value, reason: option(p, '--reason', true) });
      out('Đã ghi quyết định điểm thẩm định.');
    });
  },
  async survey(p, out) {
    const verb = p.positional[1];
    if (verb === 'template') {
      const target = option(p, '--out', true);
      const file = await withCore(option(p, '--db', true), 'existing', async (c) => c.call('survey/template', { campaignId: await campaignOf(c, p) }));
      out(`Đã xuất tệp mẫu điểm điều tra xã hội học, điểm thưởng và điểm trừ: ${writePayload(target, file)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn sổ tính điểm điều tra xã hội học (.xlsx).');
      const dbFile = option(p, '--db', true);
      const path = inputFile(file);
      // The file is checked against the campaign before anything is written; a refusal writes nothing.
      const summary = await withCore(dbFile, 'existing', async (c) => c.call('survey/import', { campaignId: await campaignOf(c, p), ...filePayload(path) }));
      out(`Đã nhập ${basename(path)} (SHA-256 ${summary.sha256}): ${summary.changed} ô thay đổi (${summary.cleared} ô xóa điểm), ${summary.unchanged} ô giữ nguyên; ${summary.units} đơn vị trong tệp, ${summary.unitsChanged} đơn vị có thay đổi.`);
      return;
    }
    throw new UsageError('Lệnh survey cần template hoặc import.');
  },
  async audit(p, out) {
    if (p.positional[1] !== 'export') throw new UsageError('Lệnh audit cần export.');
    const target = option(p, '--out', true);
    const format = target.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    const filter = { ...defined('unitCode', option(p, '--unit')), ...defined('criterionCode', option(p, '--criterion')), ...defined('action', option(p, '--action')) };
    // The command line keeps the comma other tools read; --separator ";" gives what Vietnamese-locale Excel splits on.
    const separator = option(p, '--separator') ?? ',';
    if (separator !== ',' && separator !== ';') throw new UsageError(`--separator phải là "," hoặc ";" (đang là "${separator}").`);
    const file = await withCore(option(p, '--db', true), 'existing', async (c) => c.call('audit/export', { campaignId: await campaignOf(c, p), ...filter, format, separator }));
    out(`Đã xuất nhật ký thay đổi (${format}): ${writePayload(target, file)}`);
  },
  async finalize(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      await c.call('campaign/finalize', { campaignId });
      out(`Đã chốt kết quả đợt đánh giá #${campaignId}. Muốn sửa phải mở khóa (par unlock --reason "…").`);
    });
  },
  async unlock(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      await c.call('campaign/unlock', { campaignId, reason: option(p, '--reason', true) });
      out(`Đã mở khóa đợt đánh giá #${campaignId}; lý do đã được ghi lại.`);
    });
  },
  async round(p, out) {
    const verb = p.positional[1];
    if (verb === 'open') {
      const reason = option(p, '--reason', true);
      if (reason.trim() === '') throw new UsageError('--reason không được để trống: hãy ghi lý do mở vòng thẩm định 2.');
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const summary = await c.call('round/open', { campaignId: await campaignOf(c, p), reason });
        out(`Đã mở vòng thẩm định 2; kết quả vòng 1 được giữ lại (${summary.rounds[0]!.finals} ô có điểm). Không quay lại vòng 1 được.`);
      });
      return;
    }
    if (verb === 'status') {
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const summary = await c.call('round/summary', { campaignId: await campaignOf(c, p) });
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
  async calendar(p, out) {
    const verb = p.positional[1];
    if (verb !== undefined && verb !== 'set' && verb !== 'extend') throw new UsageError('Lệnh calendar cần set hoặc extend (hoặc không có gì để xem lịch).');
    const phase = verb === undefined ? null : phaseArg(p);
    const deadline = verb === undefined ? '' : deadlineArg(p, verb === 'set');
    const reason = verb === 'extend' ? option(p, '--reason', true) : '';
    if (verb === 'extend' && reason.trim() === '') throw new UsageError('--reason không được để trống: hãy ghi lý do gia hạn.');
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const campaignId = await campaignOf(c, p);
      const view = verb === 'set' ? await c.call('calendar/set', { campaignId, phase: phase!, deadline })
        : verb === 'extend' ? await c.call('calendar/extend', { campaignId, phase: phase!, deadline, reason })
          : await c.call('calendar/get', { campaignId });
      if (p.options.has('--json')) {
        // Days as the contract has them (yyyy-mm-dd), each also as people write it, and the phase's name.
        out(JSON.stringify({ ...view, phases: view.phases.map((x) => ({ ...x, name: translate('vi', `calendar.phase.${x.phase}`), deadlineText: x.deadline && dayMonthYear(x.deadline), effectiveText: x.effective && dayMonthYear(x.effective) })) }, null, 2));
        return;
      }
      if (verb === 'set') out(deadline === '' ? `Đã bỏ hạn giai đoạn ${phase}.` : `Đã đặt hạn giai đoạn ${phase}: hết ngày ${dayMonthYear(deadline)} (giờ Việt Nam).`);
      if (verb === 'extend') out(`Đã gia hạn giai đoạn ${phase} đến hết ngày ${dayMonthYear(deadline)}; lý do đã được ghi lại.`);
      for (const line of calendarLines(view)) out(line);
    });
  },
  async explanations(p, out) {
    const verb = p.positional[1];
    if (verb === 'request') {
      const text = option(p, '--text', true);
      if (text.trim() === '') throw new UsageError('--text không được để trống: hãy ghi nội dung yêu cầu giải trình.');
      await withCore(option(p, '--db', true), 'existing', async (c) => {
        const unitCode = option(p, '--unit', true);
        const criterionCode = option(p, '--criterion', true);
        await c.call('explanation/request', { campaignId: await campaignOf(c, p), unitCode, criterionCode, text });
        out(`Đã ghi yêu cầu giải trình: đơn vị ${unitCode}, tiêu chí ${criterionCode}.`);
      });
      return;
    }
    if (verb === 'export') {
      const target = option(p, '--out', true);
      const file = await withCore(option(p, '--db', true), 'existing', async (c) =>
        c.call('explanation/exportForUnits', { campaignId: await campaignOf(c, p), ...defined('unitCode', option(p, '--unit')) }),
      );
      out(`Đã xuất danh sách yêu cầu giải trình (${file.requests} yêu cầu, ${file.units} đơn vị): ${writePayload(target, file)}`);
      return;
    }
    if (verb === 'import') {
      const file = p.positional[2];
      if (!file) throw new UsageError('Thiếu đường dẫn danh sách giải trình đã điền (.xlsx).');
      const path = inputFile(file);
      // Every row is checked before the one transaction that writes the answers: an unreadable file changes nothing.
      const result = await withCore(option(p, '--db', true), 'existing', async (c) => c.call('explanation/importAnswers', { campaignId: await campaignOf(c, p), ...filePayload(path) }));
      out(`Đã nhập giải trình: ${result.answered} yêu cầu được trả lời${result.units.length > 0 ? ` (đơn vị ${result.units.join(', ')})` : ''}, ${result.unchanged} không đổi, ${result.blank} dòng đơn vị chưa điền (vẫn chờ).`);
      return;
    }
    throw new UsageError('Lệnh explanations cần request, export hoặc import.');
  },
  async import(p, out) {
    const file = p.positional[1];
    if (!file) throw new UsageError('Thiếu đường dẫn sổ tính cần nhập.');
    const dbFile = option(p, '--db', true);
    const path = inputFile(file);
    // The workbook is checked in full before one transaction writes it; a refused first import leaves no database.
    const { summary, name } = await withCore(dbFile, 'createIfAccepted', async (c) => {
      try {
        // The full path names the source in the history, as it always has on the command line.
        const summary = await c.call('workbook/import', { fileName: path, contentBase64: filePayload(path).contentBase64, asCopy: p.options.has('--copy') });
        return { summary, name: (await c.call('campaign/get', { campaignId: summary.campaignId })).campaign.name };
      } catch (error) {
        // On the command line, the answer to "import it again?" is a flag.
        if (error instanceof AppError && error.code === 'conflict') throw new AppError('conflict', 'cli.importCopyHint', { message: error.message });
        throw error;
      }
    });
    out(`Đã nhập đợt đánh giá #${summary.campaignId} "${name}": ${summary.criteria} tiêu chí, ${summary.units} đơn vị, ${summary.scores} dòng điểm.`);
  },
  async rank(p, out) {
    await withCore(option(p, '--db', true), 'existing', async (c) => {
      const ranking = await c.call('ranking/get', { campaignId: await campaignOf(c, p) });
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
  async 'export-workbook'(p, out) {
    const target = option(p, '--out', true);
    const file = await withCore(option(p, '--db', true), 'existing', async (c) => c.call('workbook/export', { campaignId: await campaignOf(c, p) }));
    out(`Đã xuất sổ tính: ${writePayload(target, file)}`);
  },
  async 'export-annex'(p, out, err) {
    const target = option(p, '--out', true);
    const date = option(p, '--date');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`Ngày "${date}" phải có dạng yyyy-mm-dd.`);
    const annexArg = (option(p, '--annex') ?? 'I').toUpperCase();
    if (annexArg !== 'I' && annexArg !== 'II' && annexArg !== 'III' && annexArg !== 'ALL') throw new UsageError(`--annex phải là I, II, III hoặc all (đang là "${annexArg}").`);
    const annex = annexArg === 'ALL' ? 'all' : annexArg;
    const format = option(p, '--format') ?? (target.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xlsx');
    if (format !== 'xlsx' && format !== 'pdf') throw new UsageError(`--format phải là xlsx hoặc pdf (đang là "${format}").`);
    if (p.options.has('--sign')) {
      // Refuse before exporting: a half-done "export and sign" would leave an unsigned file behind.
      const problem = signOptionsProblem(p);
      if (problem) throw new UsageError(problem);
      const refusal = await signIdentityRefusal(p);
      if (refusal) throw new AppError('forbidden', 'signing.refused', { reason: refusal });
    }
    const decision = { ...defined('decisionNo', option(p, '--decision')), ...defined('decisionDate', date), ...defined('issuer', option(p, '--issuer')) };
    const { file, written } = await withCore(option(p, '--db', true), 'existing', async (c) => {
      const exported = await c.call('annex/export', { campaignId: await campaignOf(c, p), annex, format, ...decision });
      return { file: exported, written: c.takeExport(exported, target) };
    });
    const which = annex === 'all' ? ['I', 'II', 'III'] : [annex];
    out(`Đã xuất ${which.map((n) => `Phụ lục ${n}`).join(', ')} (${format}): ${written}`);
    if (file.draft) {
      err(`Cảnh báo: đợt đánh giá chưa chốt kết quả, phụ lục được đánh dấu DỰ THẢO (kết quả tạm tính).${file.draft.missing.length > 0 ? ' Còn thiếu:' : ''}`);
      for (const line of file.draft.missing) err(`  - ${line}`);
    }
    if (p.options.has('--sign')) return signExportedFile(p, written, { out, err });
    return undefined;
  },
  async 'export-decision'(p, out) {
    const target = option(p, '--out', true);
    const date = option(p, '--date');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`Ngày "${date}" phải có dạng yyyy-mm-dd.`);
    const decision = { ...defined('decisionNo', option(p, '--decision')), ...defined('decisionDate', date), ...defined('issuer', option(p, '--issuer')) };
    const file = await withCore(option(p, '--db', true), 'existing', async (c) => c.call('document/decision', { campaignId: await campaignOf(c, p), ...decision }));
    out(`Đã xuất dự thảo quyết định công bố kết quả: ${writePayload(target, file)}`);
  },
  async 'export-report'(p, out) {
    const target = option(p, '--out', true);
    const file = await withCore(option(p, '--db', true), 'existing', async (c) =>
      c.call('document/report', { campaignId: await campaignOf(c, p), ...defined('issuer', option(p, '--issuer')) }),
    );
    out(`Đã xuất báo cáo kết quả thẩm định: ${writePayload(target, file)}`);
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
