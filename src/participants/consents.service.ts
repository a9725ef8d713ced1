import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { forUpdate, Transactions } from '../database/transactions';
import { Consent } from './consent.entity';
import { ConsentTextsService } from './consent-texts.service';
import { ConsentDto, CreateConsentDto } from './dto/participant.dto';
import { findScoped } from './participant-scope';
import { toConsentDto } from './participant-view';

/** Consents a guardian gives or withdraws; withdrawn ones are kept as a record. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly texts: ConsentTextsService,
  ) {}

  async addConsent(caller: Caller, id: string, input: CreateConsentDto): Promise<ConsentDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const person = await findScoped(tx, id);
      if (person.erasedAt) throw new AppError('PARTICIPANT_ERASED');
      await this.texts.assertExists(tx, input.kind, input.noticeVersion);
      const consent = m.create(Consent, {
        id: randomUUID(),
        participantId: id,
        kind: input.kind,
        givenBy: input.givenBy,
        relation: input.relation,
        givenAt: new Date(input.givenAt),
        noticeVersion: input.noticeVersion,
        withdrawnAt: null,
      });
      await m.insert(Consent, { ...consent });
      await this.audit.record(tx, {
        action: 'consent',
        entityType: 'participant',
        entityId: id,
        changedFields: [`consent.${input.kind}`],
      });
      return toConsentDto(consent);
    });
  }

  async withdrawConsent(caller: Caller, id: string, consentId: string): Promise<void> {
    await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      await findScoped(tx, id);
      const withdrawn = await m.findOne(Consent, {
        where: { id: consentId, participantId: id, withdrawnAt: IsNull() },
        select: { id: true, kind: true },
        ...forUpdate(tx),
      });
      if (!withdrawn) throw notFound();
      await m.update(Consent, { id: consentId }, { withdrawnAt: new Date() });
      await this.audit.record(tx, {
        action: 'withdraw',
        entityType: 'participant',
        entityId: id,
        changedFields: [`consent.${withdrawn.kind}`],
      });
    });
  }
}
