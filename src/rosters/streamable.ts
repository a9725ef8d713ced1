import { StreamableFile } from '@nestjs/common';
import { RosterExport } from './roster-export.service';

/** A download that is never cached: it holds passport numbers. */
export function exportFile(file: RosterExport): StreamableFile {
  return new StreamableFile(file.stream, {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
  });
}
