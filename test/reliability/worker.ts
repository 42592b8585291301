// Child process for the kill test: opens a copied database through openApp and does one kind of work,
// printing a line to stdout only AFTER each write has returned. The parent SIGKILLs it at a random moment.
//   worker.ts scores   <dataDir> <seed> <count>
//   worker.ts workbook <dataDir> <file.xlsx>
//   worker.ts package  <dataDir> <file.parpkg>
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../electron/core/app.js';
import { parseCampaignWorkbook } from '../../electron/workbook/read-campaign.js';
import { AppError } from '../../shared/errors.js';

const [kind, dataDir, arg, countArg] = process.argv.slice(2) as [string, string, string, string | undefined];
// Progress lines go to <dataDir>/worker.log with a plain write(2): once it returns, the line is in the
// kernel's page cache and survives the SIGKILL. process.stdout is a libuv stream that may hold a write
// back in the process (a full pipe, a busy parent), and what it holds dies with the process. Only the
// marker that starts the parent's kill timer also goes to stdout.
const log = openSync(join(dataDir, 'worker.log'), 'a');
const say = (line: string) => {
  writeSync(log, `${line}\n`);
  if (line === 'ready' || line === 'parsed') process.stdout.write(`${line}\n`);
};

const app = openApp({ dataDir, host: 'cli', seedDemo: true });
const s = app.services;

if (kind === 'scores') {
  let seed = Number(arg) >>> 0 || 1;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const campaignId = s.campaigns.list()[0]!.id;
  const self = s.repos.members.self()!;
  const tree = s.scoring.modelOf(campaignId).sets[0]!.tree;
  const leaves = [...tree.byCode.values()].filter((n) => n.children.length === 0);
  const units = s.repos.units.list(campaignId).map((u) => u.code);
  const cells = units.flatMap((u) => leaves.map((l) => ({ u, l })));
  // A shuffled walk over distinct cells: each cell is written at most once per run.
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  const count = Number(countArg ?? '200');
  say('ready');
  let done = 0;
  for (const { u, l } of cells) {
    if (done >= count) break;
    const max = l.criterion.maxMilli;
    const pick = (old: number | null) => {
      const steps = Math.floor(max / 250);
      let v = Math.floor(rand() * (steps + 1)) * 250;
      if (v === old) v = v === 0 ? Math.min(250, max) : 0;
      return v;
    };
    try {
      if (done % 2 === 0) {
        const old = s.repos.scores.get(campaignId, u, l.criterion.code)?.pointsMilli ?? null;
        const v = pick(old);
        if (v === old) continue;
        say(`try S ${u} ${l.criterion.code} ${v}`);
        s.scoring.setPoints(campaignId, u, l.criterion.code, v, 'Thử nghiệm', 'Thẩm định lại theo hồ sơ');
        say(`ack S ${u} ${l.criterion.code} ${v}`);
      } else {
        const old = s.repos.proposals.get(campaignId, u, l.criterion.code, self.uid, 1)?.pointsMilli ?? null;
        const v = pick(old);
        if (v === old) continue;
        say(`try P ${u} ${l.criterion.code} ${v}`);
        s.workspace.setProposal({ campaignId, unitCode: u, criterionCode: l.criterion.code, input: { kind: 'points', pointsMilli: v }, reason: `lần ${done}` });
        say(`ack P ${u} ${l.criterion.code} ${v}`);
      }
      done++;
    } catch (error) {
      // Cells the member may not touch (areas, survey, rule kinds) are skipped, never acknowledged.
      if (!(error instanceof AppError)) throw error;
      say(`skip ${u} ${l.criterion.code} ${error.code}`);
    }
  }
} else if (kind === 'workbook') {
  const content = parseCampaignWorkbook(readFileSync(arg));
  say('parsed');
  const id = s.campaigns.insertContent(content, 'Thử nghiệm', 'workbook:crash.xlsx');
  say(`ack W ${id}`);
} else if (kind === 'package') {
  const bytes = readFileSync(arg);
  say('ready');
  const r = s.exchange.importPackage(bytes, 'Thử nghiệm');
  say(`ack K ${r.applied}`);
} else {
  throw new Error(`unknown kind ${kind}`);
}
say('done');
app.close();
closeSync(log);
