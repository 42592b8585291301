// What a history action is called, for people: the catalogue's `audit.action.<action>`, or the action
// itself when it is one this version does not know (a newer member's package can carry one).

import { translate, type Language, type MessageKey } from './i18n/index.js';
import { vi } from './i18n/vi.js';

export function actionLabel(language: Language, action: string): string {
  const key = `audit.action.${action}`;
  return Object.prototype.hasOwnProperty.call(vi, key) ? translate(language, key as MessageKey) : action;
}
