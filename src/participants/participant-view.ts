import { AcceptedVersions, ANY_VERSION, stands } from './consent-texts.service';
import { Injectable } from '@nestjs/common';
import { FindOptionsSelect } from 'typeorm';
import { Consent, CONSENT_KINDS, ConsentKind } from './consent.entity';
import { latinSourceOf } from './participant-names';
import { ConsentDto, ParticipantDetailDto, ParticipantDto } from './dto/participant.dto';
import { Participant } from './participant.entity';
import { PassportCipher } from './passport-cipher';
import { maskPassportNumber } from './passport-rules';

/** What a participant looks like on the wire: never the entity, the passport masked. */
@Injectable()
export class ParticipantView {
  constructor(private readonly cipher: PassportCipher) {}

  /** `standing`: the kinds of consent given and not withdrawn. */
  dto(entity: Participant, standing: readonly ConsentKind[]): ParticipantDto {
    return Object.assign(new ParticipantDto(), {
      id: entity.id,
      schoolId: entity.schoolId,
      kind: entity.kind,
      chaperoneRole: entity.chaperoneRole ?? null,
      nationality: entity.nationality,
      names: namesOf(entity),
      gender: entity.gender,
      birthDate: entity.birthDate,
      birthPlace: entity.birthPlace,
      passportNumber: entity.passportEncrypted
        ? maskPassportNumber(this.cipher.decrypt(entity.passportEncrypted, entity.id))
        : null,
      passportExpiry: entity.passportExpiry,
      guardian: entity.guardianName
        ? {
            name: entity.guardianName,
            phone: entity.guardianPhone ?? '',
            relation: entity.guardianRelation ?? '',
          }
        : null,
      emergencyContact: entity.emergencyContact,
      phone: entity.phone,
      email: entity.email,
      standingConsents: [...standing],
      version: entity.version,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
      erasedAt: entity.erasedAt ?? null,
    });
  }

  detail(
    entity: Participant,
    consents: Consent[],
    accepted: AcceptedVersions = ANY_VERSION,
  ): ParticipantDetailDto {
    const standing = CONSENT_KINDS.filter((kind) =>
      consents.some((c) => c.kind === kind && stands(accepted, c)),
    );
    const dto = this.dto(entity, standing);
    return Object.assign(new ParticipantDetailDto(), dto, {
      names: { ...dto.names, latinSource: latinSourceOf(entity) },
      consents: consents.map(toConsentDto),
    });
  }
}

export interface ReaderNames {
  zh: string;
  ru: string;
}

/** The name columns, and no more (not the sealed passport, not the guardian). */
export const NAME_COLUMNS = {
  id: true,
  nationality: true,
  familyName: true,
  givenName: true,
  latinFamily: true,
  latinGiven: true,
  cyrillicFamily: true,
  cyrillicGiven: true,
  chineseFamily: true,
  chineseGiven: true,
} satisfies FindOptionsSelect<Participant>;

export function readerNamesOf(p: Participant): ReaderNames {
  const join = (family: string | null, given: string | null, gap: string) =>
    family && given ? `${family}${gap}${given}` : null;
  const latin = join(p.latinFamily, p.latinGiven, ' ');
  if (p.nationality === 'CN') {
    const hanzi = join(p.familyName, p.givenName, '')!;
    return { zh: hanzi, ru: join(p.cyrillicFamily, p.cyrillicGiven, ' ') ?? latin ?? hanzi };
  }
  const cyrillic = join(p.familyName, p.givenName, ' ')!;
  return { zh: join(p.chineseFamily, p.chineseGiven, '') ?? latin ?? cyrillic, ru: cyrillic };
}

export function namesOf(entity: Participant): ParticipantDto['names'] {
  const pair = (family: string | null, given: string | null) =>
    family && given ? { family, given } : null;
  return {
    native: { family: entity.familyName, given: entity.givenName },
    latin: pair(entity.latinFamily, entity.latinGiven),
    cyrillic: pair(entity.cyrillicFamily, entity.cyrillicGiven),
    chinese: pair(entity.chineseFamily, entity.chineseGiven),
    cyrillicOverridden: entity.cyrillicOverridden,
    cyrillicSource: entity.cyrillicSource,
  };
}

export function toConsentDto(consent: Consent): ConsentDto {
  return {
    id: consent.id,
    kind: consent.kind,
    givenBy: consent.givenBy,
    relation: consent.relation,
    givenAt: consent.givenAt,
    noticeVersion: consent.noticeVersion,
    withdrawnAt: consent.withdrawnAt,
  };
}
