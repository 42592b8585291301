// Types for launcher.mjs (plain JavaScript so `npm start` runs without a TypeScript loader).

export type ProbeResult = { usable: true; path: string } | { usable: false; reason: string };

export type LaunchPlan =
  | { mode: 'electron'; electronPath: string }
  | { mode: 'browser'; reason: 'requested' }
  | { mode: 'browser'; reason: 'electron-unusable'; detail: string };

export function electronNativeDir(root: string, electronVersion: string): string;
export function electronNativeStageDir(root: string): string;
export function readElectronVersion(root: string): string;
export function parseLauncherArgs(argv: readonly string[]): { browser: boolean; rebuild: boolean; forward: string[] };
export function requiredDistFiles(mode: 'electron' | 'browser'): string[];
export function probeElectron(options: {
  root: string;
  nodePath?: string;
  timeoutMs?: number;
  moduleName?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ProbeResult>;
export function chooseLaunch(options: { browser: boolean; probe: ProbeResult | null }): LaunchPlan;
export function electronUnusableNotice(detail: string): string[];
export function nativeBuildFailedNotice(): string[];
export function readyMessage(line: string): string | null;
export function electronChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number;
