// A small line diff for the conflict viewer when the server's section.diff cannot arrive
// (polling mode): one hunk over the whole text, from a longest-common-subsequence table.
export function lineDiff(
  before: string,
  after: string,
  fromLabel: string,
  toLabel: string,
): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Sections are short; a quadratic table is fine (and bounded here to stay cheap).
  if (a.length * b.length > 250_000)
    return `--- ${fromLabel}\n+++ ${toLabel}\n(too large to compare)`;
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(` ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      lines.push(`+${b[j++]}`);
    } else {
      lines.push(`-${a[i++]}`);
    }
  }
  return [
    `--- ${fromLabel}`,
    `+++ ${toLabel}`,
    `@@ -1,${a.length} +1,${b.length} @@`,
    ...lines,
  ].join('\n');
}
