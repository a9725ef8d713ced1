import { Injectable } from '@nestjs/common';
import { Between, Not } from 'typeorm';
import { Ctx } from '../database/transactions';
import { Notice } from './notice.entity';

/** A published notice (archived ones included) and the languages it was published in. */
export interface NoticeFact {
  publishedAt: Date;
  zh: boolean;
  ru: boolean;
}

/** The notices' facts for the statistics: a few hundred a year, read whole. */
@Injectable()
export class NoticeStatistics {
  async published(ctx: Ctx, from: Date, to: Date): Promise<NoticeFact[]> {
    const rows = await ctx.repo(Notice).find({
      where: { publishedAt: Between(from, to), status: Not('draft') },
      select: { id: true, publishedAt: true, titleZh: true, titleRu: true },
    });
    return rows.map((n) => ({
      publishedAt: n.publishedAt!,
      zh: Boolean(n.titleZh),
      ru: Boolean(n.titleRu),
    }));
  }
}
