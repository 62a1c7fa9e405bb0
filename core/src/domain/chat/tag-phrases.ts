/**
 * Tags as said: "#work", "tag travel", "tagged home and garden", "tags: a, b", "with the q4 tag".
 * A tag starts with a letter, so "#2" is never a tag: in this chat "#2" means the second task shown
 * (see task-ref.ts), and in a title ("fix bug #123") it stays part of the title.
 */
import { MAX_TAG_LENGTH } from '@todo/contracts';
import { cut } from './lexicon.js';

/** One tag word as typed after "tag"/"tagged" (a leading # allowed). */
export const TAG_WORD = '#?[\\p{L}][\\p{L}\\p{N}_\\-/.]*';
const HASH_TAG = /(?:^|(?<=[\s,(]))#(\p{L}[\p{L}\p{N}_\-/]*)/gu;
const TAG_LIST = `${TAG_WORD}(?:\\s*(?:,\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+|\\s*&\\s*)${TAG_WORD})*`;
const SAID_TAGS = new RegExp(
  `(?:^|(?<=[\\s,(]))((?:and\\s+)?(?:tagged(?:\\s+with)?|tags?\\s*:|with\\s+(?:the\\s+)?tags?|tags?|labell?ed|labels?\\s*:|label)\\s+(${TAG_LIST}))(?=$|[\\s,.;!?)])`,
  'iu',
);
const WITH_THE_TAG = new RegExp(
  `(?:^|(?<=[\\s,(]))((?:with\\s+)?the\\s+(${TAG_WORD})\\s+(?:tag|label))\\b`,
  'iu',
);

/** A tag as stored: lower case, no '#', spaces and commas impossible; null if it cannot be one. */
export function cleanTag(raw: string): string | null {
  const tag = raw.trim().replace(/^#/, '').replace(/[.]+$/, '').toLowerCase();
  if (!tag || tag.length > MAX_TAG_LENGTH || /[\s,#]/.test(tag)) return null;
  return tag;
}

/** "home, garden and work" → ['home', 'garden', 'work']. */
export function splitTags(list: string): string[] {
  const tags: string[] = [];
  for (const part of list.split(/\s*(?:,|\band\b|\bor\b|&)\s*|\s+/i)) {
    const tag = cleanTag(part);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

export interface TagMatch {
  tags: string[];
  rest: string;
}

/** Every tag said in `text` (hashtags anywhere, one "tag …" phrase), and the text without them. */
export function findTags(text: string): TagMatch {
  const tags: string[] = [];
  let rest = text;
  const said = SAID_TAGS.exec(rest) ?? WITH_THE_TAG.exec(rest);
  if (said?.[1] !== undefined && said[2] !== undefined) {
    for (const tag of splitTags(said[2])) if (!tags.includes(tag)) tags.push(tag);
    rest = cut(rest, said.index + said[0].indexOf(said[1]), said[1].length);
  }
  rest = rest.replace(HASH_TAG, (_whole, name: string) => {
    const tag = cleanTag(name);
    if (tag && !tags.includes(tag)) tags.push(tag);
    return ' ';
  });
  return { tags, rest };
}
