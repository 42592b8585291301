// Binds the catalogue to the chosen language for components.

import { useCallback } from 'react';
import { translate, type MessageKey, type MessageParams } from '../shared/i18n/index.js';
import { useStore } from './store/index.js';
import type { Message } from './store/uiSlice.js';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function useT(): Translate {
  const language = useStore((s) => s.language);
  return useCallback((key: MessageKey, params?: MessageParams) => translate(language, key, params), [language]);
}

export function messageText(t: Translate, message: Message): string {
  return 'text' in message ? message.text : t(message.key, message.params);
}
