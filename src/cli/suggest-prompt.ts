/**
 * A text prompt that offers earlier answers (the service names already used) while typing:
 * the matches are listed under the line, Tab completes the highlighted one, the arrows move
 * through them, and Enter takes what is typed unless a match was picked. Every key is handled
 * at once, with no search running in the background, so Enter right after a name (a paste, a
 * fast typist) always takes that name.
 */
import { createPrompt, isDownKey, isEnterKey, isTabKey, isUpKey, makeTheme, useKeypress, usePrefix, useState } from '@inquirer/core';

export interface SuggestConfig {
  message: string;
  suggestions: readonly string[];
  /** An error message, or true when the answer is fine. */
  validate: (value: string) => string | true;
}

/** How many matches are listed at most. */
const SHOWN = 7;

/** The suggestions that contain what is typed, the typed text itself left out. */
export function matchingSuggestions(suggestions: readonly string[], typed: string): string[] {
  const wanted = typed.trim().toLowerCase();
  return suggestions.filter((name) => name !== typed.trim() && name.toLowerCase().includes(wanted));
}

export const suggestInput = createPrompt<string, SuggestConfig>((config, done) => {
  const theme = makeTheme();
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [value, setValue] = useState('');
  /** The highlighted match, once the arrows or Tab have moved to one. */
  const [active, setActive] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });
  const matches = matchingSuggestions(config.suggestions, value);

  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const picked = active === undefined ? undefined : matches[active];
      const answer = picked ?? value.trim();
      const valid = config.validate(answer);
      if (valid === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        // readline has emptied its line on Enter: put the text back to be corrected.
        rl.write(value);
        setError(valid);
      }
    } else if (isTabKey(key)) {
      rl.clearLine(0);
      const picked = matches[active ?? 0];
      const completed = picked ?? value;
      rl.write(completed);
      setValue(completed);
      setActive(undefined);
    } else if ((isUpKey(key) || isDownKey(key)) && matches.length > 0) {
      // The prompt's readline keeps no history, so the arrows leave the typed line as it is.
      if (isDownKey(key)) setActive(active === undefined ? 0 : Math.min(active + 1, matches.length - 1));
      else setActive(active === undefined || active === 0 ? undefined : active - 1);
    } else {
      setValue(rl.line);
      setActive(undefined);
      setError(undefined);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`;
  const lines: string[] = [];
  const first = active === undefined ? 0 : Math.max(0, active - SHOWN + 1);
  for (const [offset, name] of matches.slice(first, first + SHOWN).entries()) {
    const index = first + offset;
    lines.push(index === active ? theme.style.highlight(`❯ ${name}`) : `  ${name}`);
  }
  if (matches.length > 0) lines.push(theme.style.help('Tab completes, ↑↓ pick a name already used, Enter takes the line'));
  if (error !== undefined) lines.push(theme.style.error(error));
  return [`${prefix} ${message} ${value}`, lines.length > 0 ? lines.join('\n') : undefined];
});
