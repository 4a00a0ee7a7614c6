/** Whether output gets colour; kept apart from chalk so that deciding costs no import. */

export interface ColorSettings {
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** false when --no-color was given. */
  flag: boolean;
}

/**
 * --no-color wins; then FORCE_COLOR (0 or false switch colour off); then NO_COLOR (any
 * non-empty value, see no-color.org); else colour only on a terminal.
 */
export function shouldUseColor(settings: ColorSettings): boolean {
  if (!settings.flag) {
    return false;
  }
  const force = settings.env.FORCE_COLOR;
  if (force !== undefined) {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  const noColor = settings.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') {
    return false;
  }
  return settings.isTTY;
}
