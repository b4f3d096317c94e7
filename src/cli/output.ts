/**
 * Terminal output helpers: colour only when stdout is a TTY and NO_COLOR is unset (https://no-color.org),
 * and word wrapping to 100 columns.
 */

/** The widest line the command prints. */
export const MAX_WIDTH = 100;

/** Styles text with ANSI colours, or returns it unchanged when colour is off. */
export class Style {
  /** Colour for this process: stdout is a TTY and NO_COLOR is unset or empty. */
  public static forProcess(): Style {
    const noColor = process.env.NO_COLOR;
    return new Style(Boolean(process.stdout.isTTY) && (noColor === undefined || noColor === ''));
  }

  constructor(public readonly enabled: boolean) {}

  public bold(text: string): string { return this.wrap(text, 1, 22); }
  public dim(text: string): string { return this.wrap(text, 2, 22); }
  public red(text: string): string { return this.wrap(text, 31, 39); }
  public yellow(text: string): string { return this.wrap(text, 33, 39); }
  public green(text: string): string { return this.wrap(text, 32, 39); }
  public cyan(text: string): string { return this.wrap(text, 36, 39); }

  private wrap(text: string, open: number, close: number): string {
    return this.enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  }
}

/** Wraps `text` at word boundaries so that `indent + line` fits `width`; continuation lines get `hang` more spaces. */
export function wrap(text: string, indent: string, width = MAX_WIDTH, hang = '  '): string[] {
  const words = text.split(/\s+/).filter(w => w.length > 0);
  const lines: string[] = [];
  let current = indent;
  let fresh = true;
  for (const word of words) {
    const prefix = lines.length === 0 ? indent : indent + hang;
    if (fresh) {
      current = prefix + word;
      fresh = false;
    } else if (current.length + 1 + word.length <= width) {
      current += ` ${word}`;
    } else {
      lines.push(current);
      current = indent + hang + word;
    }
  }
  if (!fresh) {
    lines.push(current);
  }
  return lines;
}
