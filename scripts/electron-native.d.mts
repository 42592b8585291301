// Types for scripts/electron-native.mjs (a plain script run by Node; the tests import it).
export interface NativeModule {
  pkg: string;
  file: string;
  info: string;
  prebuilt: boolean;
}
export const NATIVE_MODULES: readonly NativeModule[];
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function buildNative(options: {
  root: string;
  module?: NativeModule;
  runtime?: 'electron' | 'node';
  target: string;
  arch?: string;
  platform?: string;
  outDir: string;
  nodedir?: string;
  force?: boolean;
  allowPrebuilt?: boolean;
  log?: (message: string) => void;
}): 'cached' | 'prebuild-install' | 'node-gyp';
