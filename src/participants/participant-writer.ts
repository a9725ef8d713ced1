import { Injectable } from '@nestjs/common';
import { AppError, FieldError } from '../common/errors/app-error';
import { isUniqueViolation } from '../database/errors';
import { Tx } from '../database/transactions';
import { UpdateParticipantDto } from './dto/participant.dto';
import { ageOn, isMinorOn, todayUtc } from './age-rules';
import { resolveNames } from './participant-names';
import { Participant } from './participant.entity';
import { PassportCipher, PassportCipherError } from './passport-cipher';
import { PassportClaim, PassportConflictsService } from './passport-conflicts.service';

/**
 * What every write of a participant shares, one by one or by import: the input copied
 * onto the record (names in three scripts, the sealed passport, the rules), and the
 * passport number judged against the stored ones.
 */
@Injectable()
export class ParticipantWriter {
  constructor(
    private readonly cipher: PassportCipher,
    private readonly passports: PassportConflictsService,
  ) {}

  /**
   * Copies input onto the entity, then refuses it if a rule or the duplicate check fails.
   * A number another school's participant holds is not refused (that would tell this
   * school about the other's people): it is saved without the duplicate hash, and the
   * holder's id is returned for the caller to open a conflict an organizer settles.
   */
  async apply(
    tx: Tx,
    entity: Participant,
    input: UpdateParticipantDto,
    previous: Participant | undefined,
  ): Promise<string | undefined> {
    const { errors, claim } = this.assign(entity, input, previous);
    let holderId: string | undefined;
    if (claim) {
      const [verdict] = await this.passports.judge(tx, [claim]);
      if (verdict.kind === 'duplicate') {
        errors.push({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' });
      } else if (verdict.kind === 'collision') {
        holderId = verdict.holderId;
        entity.passportHash = null;
      }
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
    return holderId;
  }

  /**
   * The unique index on the passport hash settles what the duplicate check cannot see:
   * another request writing the same number at the same moment. The use case then runs
   * again, and sees the other number as a duplicate or a collision like any stored one.
   */
  async retryingPassportRace<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt === 3) {
          throw new AppError('SERVICE_UNAVAILABLE', {}, undefined, { 'retry-after': '1' });
        }
      }
    }
  }

  /**
   * Copies input onto the entity: names in three scripts, encrypted passport, rules.
   * Touches no database: the caller judges `claim`, a new number, against stored ones.
   */
  assign(
    entity: Participant,
    input: UpdateParticipantDto,
    previous: Participant | undefined,
  ): { errors: FieldError[]; claim?: PassportClaim } {
    const errors: FieldError[] = [];
    let claim: PassportClaim | undefined;
    const merged = {
      kind: input.kind ?? entity.kind,
      nationality: input.nationality ?? entity.nationality,
      familyName: input.familyName ?? entity.familyName,
      givenName: input.givenName ?? entity.givenName,
      gender: input.gender ?? entity.gender,
      birthDate: input.birthDate ?? entity.birthDate,
      birthPlace: input.birthPlace ?? entity.birthPlace,
    };
    for (const [field, value] of Object.entries(merged)) {
      if (value === undefined || value === null) errors.push({ field, code: 'REQUIRED' });
    }
    Object.assign(entity, merged);
    if (entity.kind === 'student') {
      if (input.chaperoneRole) errors.push({ field: 'chaperoneRole', code: 'NOT_FOR_STUDENTS' });
      entity.chaperoneRole = null;
    } else {
      const role = 'chaperoneRole' in input ? input.chaperoneRole : entity.chaperoneRole;
      entity.chaperoneRole = role ?? 'other';
    }

    const namesChanged =
      !previous ||
      ['nationality', 'familyName', 'givenName', 'latin', 'cyrillic', 'chinese'].some(
        (k) => k in input,
      );
    if (namesChanged) {
      Object.assign(
        entity,
        resolveNames(
          {
            nationality: entity.nationality,
            familyName: entity.familyName,
            givenName: entity.givenName,
            latin:
              input.latin ??
              (previous && !('latin' in input) && previous.nationality === entity.nationality
                ? pairOf(previous.latinFamily, previous.latinGiven)
                : undefined),
            cyrillic: input.cyrillic,
            chinese: input.chinese,
          },
          previous,
        ),
      );
    }

    if ('guardian' in input) {
      entity.guardianName = input.guardian?.name ?? null;
      entity.guardianPhone = input.guardian?.phone ?? null;
      entity.guardianRelation = input.guardian?.relation ?? null;
    }
    for (const field of ['emergencyContact', 'phone', 'email', 'passportExpiry'] as const) {
      if (field in input) entity[field] = input[field] ?? null;
    }
    entity.guardianName ??= null;
    entity.guardianPhone ??= null;
    entity.guardianRelation ??= null;
    entity.emergencyContact ??= null;
    entity.phone ??= null;
    entity.email ??= null;
    entity.passportExpiry ??= null;

    if (entity.birthDate && ageOn(entity.birthDate, todayUtc()) < 0) {
      errors.push({ field: 'birthDate', code: 'BIRTH_DATE_IN_FUTURE' });
    }
    if (entity.birthDate && isMinorOn(entity.birthDate, todayUtc()) && !entity.guardianName) {
      errors.push({ field: 'guardian', code: 'GUARDIAN_REQUIRED' });
    }

    if ('passportNumber' in input) {
      if (input.passportNumber) {
        try {
          const hash = this.cipher.duplicateHash(input.passportNumber);
          // The same number again keeps what it had: its seal, and its hash or conflict.
          if (!previous?.passportEncrypted || this.numberHashOf(previous) !== hash) {
            entity.passportEncrypted = this.cipher.encrypt(input.passportNumber, entity.id);
            entity.passportHash = hash;
            claim = {
              participantId: entity.id,
              schoolId: entity.schoolId,
              candidates: this.cipher.duplicateHashCandidates(input.passportNumber),
              hash,
            };
          }
        } catch (error) {
          if (!(error instanceof PassportCipherError)) throw error;
          errors.push({ field: 'passportNumber', code: error.code });
        }
      } else {
        entity.passportEncrypted = null;
        entity.passportHash = null;
      }
    }
    entity.passportEncrypted ??= null;
    entity.passportHash ??= null;
    entity.searchText = [
      entity.familyName,
      entity.givenName,
      entity.latinFamily,
      entity.latinGiven,
      entity.cyrillicFamily,
      entity.cyrillicGiven,
      entity.chineseFamily,
      entity.chineseGiven,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase()
      .slice(0, 1000);
    return { errors, claim };
  }

  /** The duplicate hash of the number a record holds, under the active key. */
  private numberHashOf(participant: Participant): string {
    return this.cipher.duplicateHash(
      this.cipher.decrypt(participant.passportEncrypted!, participant.id),
    );
  }
}

function pairOf(family: string | null, given: string | null) {
  return family && given ? { family, given } : undefined;
}
