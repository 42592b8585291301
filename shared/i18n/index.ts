// The one message catalogue for the UI: Vietnamese first, English as a switch.
// `en` is typed to carry exactly the keys of `vi`, so a missing translation breaks the build.

import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type { MessageKey, Messages } from './vi.js';
export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues = { vi, en } as const;

/** Looks a message up and fills `{name}` placeholders; an unknown placeholder is left visible. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template: string = catalogues[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
