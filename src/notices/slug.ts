import { translate, WIKIPEDIA } from 'iuliia';
import { pinyin } from 'pinyin-pro';
import { slugify } from './notice-rules';

/**
 * A readable slug from the Russian title (Wikipedia romanization) or else the Chinese one
 * (toneless pinyin, a hyphen between syllables); `notice` when neither gives letters.
 */
export function slugFromTitles(titleRu: string | null, titleZh: string | null): string {
  const candidates = [
    titleRu ? translate(titleRu, WIKIPEDIA) : '',
    titleZh
      ? pinyin(titleZh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('-')
      : '',
  ];
  return candidates.map(slugify).find(Boolean) ?? 'notice';
}
