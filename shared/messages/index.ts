// The backend's message catalogue: every refusal the core sends across a door is a key here plus its
// params, rendered to Vietnamese once (AppError.message) and carried as key + params too, so a renderer
// could word it in its own language. Kept apart from the UI catalogue (shared/i18n): these sentences are
// Vietnamese only for now, so they stay out of the UI's vi/en key-parity check and out of the UI bundle.

import { vi } from './vi.js';

export type MessageKey = keyof typeof vi;
export type MessageParams = Readonly<Record<string, string | number>>;

/** The `{name}` placeholders of one template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The params a key needs: exactly its placeholders, each a string or a number. */
export type ParamsOf<K extends MessageKey> = { readonly [P in Placeholders<(typeof vi)[K]>]: string | number };

/** True when the key's text has no placeholder (its params may then be left out). */
export type HasNoParams<K extends MessageKey> = [Placeholders<(typeof vi)[K]>] extends [never] ? true : false;

export function isMessageKey(text: string): text is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, text);
}

/** Fills the key's `{name}` placeholders; a placeholder without a value stays visible rather than vanish. */
export function renderMessage(key: MessageKey, params: MessageParams = {}): string {
  const template: string = vi[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
