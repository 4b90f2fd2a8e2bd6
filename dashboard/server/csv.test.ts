import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+92 300 1234567', "'+92 300 1234567"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['a, b', '"a, b"'],
    ['line\nbreak', '"line\nbreak"'],
  ])('writes %j as %j', (input, cell) => {
    expect(toCsv([[input]])).toBe(`\uFEFF${cell}\r\n`);
  });

  it('writes numbers and empty cells as they are', () => {
    expect(toCsv([[1, null, -3, undefined]])).toBe('\uFEFF1,,-3,\r\n');
  });
});
