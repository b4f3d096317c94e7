/**
 * Small formatting helpers shared by the deployment plan and the `cdk-sagemaker-endpoint` command
 * (kept private: users must not import them).
 */

/** Rounds to two decimals (percentages of odd fleet sizes, e.g. 33.33). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Compact human duration: `0s`, `45s`, `10m`, `1h`, `1h 5m`, `2m 30s`.
 *
 * Never more than two units, so a timeline label stays short.
 */
export function formatSeconds(totalSeconds: number): string {
  const negative = totalSeconds < 0;
  let s = Math.round(Math.abs(totalSeconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (h > 0) {
    parts.push(`${h}h`);
  }
  if (m > 0) {
    parts.push(`${m}m`);
  }
  if (s > 0 && h === 0) {
    parts.push(`${s}s`);
  }
  const text = parts.length === 0 ? '0s' : parts.join(' ');
  return negative ? `-${text}` : text;
}

/** A percentage without useless decimals: `10%`, `33.33%`. */
export function formatPercent(value: number): string {
  return `${round2(value)}%`;
}
