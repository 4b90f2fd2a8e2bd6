import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, sourceOf } from './canonical-url.ts';

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTPS://WWW.Dawn.com/news/1890123/Bannu-attack', 'https://dawn.com/news/1890123/Bannu-attack'],
    ['https://dawn.com/news/1890123/?utm_source=rss&utm_medium=feed', 'https://dawn.com/news/1890123'],
    ['https://tribune.com.pk/story/123/title/#comments', 'https://tribune.com.pk/story/123/title'],
    ['https://example.com/a?fbclid=XYZ&gclid=1&id=7', 'https://example.com/a?id=7'],
    ['https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
    ['https://www.dawn.com/news/amp/1890123/bannu', 'https://dawn.com/news/1890123/bannu'],
    ['https://geo.tv/latest/55555-title/amp', 'https://geo.tv/latest/55555-title'],
    ['https://example.com/story?amp=1', 'https://example.com/story'],
    ['https://example.com/story.amp.html', 'https://example.com/story.html'],
    ['https://amp.example.com/story', 'https://example.com/story'],
    ['https://m.example.com/story', 'https://example.com/story'],
    ['http://example.com:80/x/', 'http://example.com/x'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/?utm_campaign=x', 'https://example.com/'],
    ['https://example.com//a//b/', 'https://example.com/a/b'],
    ['http://127.0.0.1:8080/articles/x.html?utm_source=feed', 'http://127.0.0.1:8080/articles/x.html'],
    ['https://example.com/Path/Case', 'https://example.com/Path/Case'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('gives the same key for AMP, tracking and fragment variants of one story', () => {
    const variants = [
      'https://www.dawn.com/news/1890123/bannu-attack',
      'https://dawn.com/news/amp/1890123/bannu-attack/',
      'https://dawn.com/news/1890123/bannu-attack?utm_source=twitter#top',
      'HTTPS://DAWN.COM/news/1890123/bannu-attack?amp=1&fbclid=abc',
    ];
    expect(new Set(variants.map(canonicalizeUrl)).size).toBe(1);
  });

  it.each(['not a url', '/relative/path', 'ftp://example.com/x', 'javascript:alert(1)', ''])('rejects %j', (input) => {
    expect(() => canonicalizeUrl(input)).toThrow(/canonical-url:/);
  });

  it('names the outlet by host', () => {
    expect(sourceOf('https://www.dawn.com/news/1')).toBe('dawn.com');
    expect(sourceOf('https://tribune.com.pk/story/1')).toBe('tribune.com.pk');
  });
});
