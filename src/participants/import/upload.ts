import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { AppError } from '../../common/errors/app-error';

export interface Upload {
  filename: string;
  data: Buffer;
}

/** @fastify/multipart's limit errors (the limits are set in app.setup.ts). */
const TOO_LARGE = new Set([
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_PARTS_LIMIT',
  'FST_FIELDS_LIMIT',
]);

/**
 * The one file sent as form field `field` of a multipart request, read into memory;
 * other parts are drained. A request that is not multipart is 415; a body that does not
 * parse as the multipart it claims (no or an empty boundary, cut short, no parts at all)
 * is the client's and 400.
 */
export async function readUpload(
  request: FastifyRequest,
  field: string,
): Promise<Upload | undefined> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let upload: Upload | undefined;
  try {
    for await (const part of request.parts() as AsyncIterable<Multipart>) {
      if (part.type !== 'file') continue;
      if (upload || part.fieldname !== field) {
        part.file.resume();
        continue;
      }
      upload = { filename: part.filename, data: await part.toBuffer() };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && TOO_LARGE.has(code)) throw new AppError('PAYLOAD_TOO_LARGE');
    throw new AppError('MALFORMED_MULTIPART');
  }
  return upload;
}
