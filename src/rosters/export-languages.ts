import { FastifyRequest } from 'fastify';
import { fieldError } from '../common/errors/app-error';
import { Language } from '../localization/language';

const CHOICES: Record<string, Language[]> = { zh: ['zh'], ru: ['ru'], both: ['zh', 'ru'] };

/**
 * The languages of an export's headers from `?lang=zh|ru|both`. Read from the raw query:
 * on every route `lang` also picks the response language, so no query DTO declares it.
 */
export function exportLanguages(
  request: FastifyRequest,
  fallback: keyof typeof CHOICES,
): Language[] {
  const raw = (request.query as Record<string, unknown> | undefined)?.lang;
  if (raw === undefined) return CHOICES[fallback];
  if (typeof raw === 'string' && Object.hasOwn(CHOICES, raw)) return CHOICES[raw];
  throw fieldError('lang', 'IS_IN', { p0: Object.keys(CHOICES).join(', ') });
}
