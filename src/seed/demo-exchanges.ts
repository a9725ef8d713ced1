import { Injectable } from '@nestjs/common';
import { ApplicationDecisions } from '../applications/application-decisions.service';
import { SchoolApplications } from '../applications/school-applications.service';
import { CreateNoticeDto } from '../notices/dto/notice.dto';
import { NoticesService } from '../notices/notices.service';
import { Caller } from '../common/auth/caller';
import { DelegationEditing } from '../delegations/delegation-editing.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { CreateParticipantDto } from '../participants/dto/participant.dto';
import { ConsentsService } from '../participants/consents.service';
import { ParticipantRegistry } from '../participants/participant-registry.service';
import { Transactions } from '../database/transactions';
import { RosterLocking } from '../rosters/roster-locking.service';

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

export interface DemoCallers {
  organizer: Caller;
  heiheSchool: Caller;
  russianSchool: Caller;
  russianPartnerId: string;
}

function student(fields: Partial<CreateParticipantDto>): CreateParticipantDto {
  return {
    kind: 'student',
    nationality: 'CN',
    familyName: '李',
    givenName: '雨轩',
    gender: 'female',
    birthDate: '2011-05-20',
    birthPlace: '黑龙江省黑河市',
    passportExpiry: dateIn(3 * 365),
    guardian: { name: '家长 / Родитель', phone: '+86 139 0000 0000', relation: 'parent' },
    ...fields,
  };
}

/** Two delegations, one each way, with people and applications in several states. */
@Injectable()
export class DemoExchanges {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly delegations: DelegationEditing,
    private readonly participants: ParticipantRegistry,
    private readonly consents: ConsentsService,
    private readonly applications: SchoolApplications,
    private readonly decisions: ApplicationDecisions,
    private readonly transactions: Transactions,
    private readonly notices: NoticesService,
    private readonly locking: RosterLocking,
  ) {}

  async seed(callers: DemoCallers): Promise<string[]> {
    const { organizer, heiheSchool, russianSchool } = callers;
    const chineseHost = await this.transactions.run(
      organizer,
      async (tx) =>
        (await this.organizations.findFirstOfType(tx, 'partner', 'CN')) ??
        this.organizations.createIn(tx, {
          type: 'partner',
          country: 'CN',
          nameZh: '黑河学院国际交流处',
          nameRu: 'Отдел международных связей Хэйхэского университета',
          city: '黑河',
          preferredLanguage: 'zh',
        }),
    );
    const window = {
      applicationOpensAt: new Date(Date.now() - 7 * DAY),
      applicationClosesAt: new Date(Date.now() + 21 * DAY),
    };
    const toRussia = await this.delegations.create(organizer, {
      titleZh: '黑河中学生赴布拉戈维申斯克友好交流营',
      titleRu: 'Лагерь дружбы школьников Хэйхэ в Благовещенске',
      descriptionZh: '为期七天的语言、文化与体育交流活动。',
      descriptionRu: 'Семь дней языка, культуры и спорта на берегу Амура.',
      direction: 'CN_TO_RU',
      hostOrganizationId: callers.russianPartnerId,
      departureDate: dateIn(45),
      returnDate: dateIn(52),
      ...window,
      studentPlaces: 3,
      chaperonePlaces: 1,
      minAge: 12,
      maxAge: 17,
      studentsPerChaperone: 8,
    });
    const toChina = await this.delegations.create(organizer, {
      titleZh: '布拉戈维申斯克学生黑河冬令营',
      titleRu: 'Зимний лагерь школьников Благовещенска в Хэйхэ',
      descriptionZh: '冰雪运动与汉语课程。',
      descriptionRu: 'Зимние виды спорта и уроки китайского языка.',
      direction: 'RU_TO_CN',
      hostOrganizationId: chineseHost.id,
      departureDate: dateIn(60),
      returnDate: dateIn(66),
      ...window,
      studentPlaces: 5,
      chaperonePlaces: 1,
      minAge: 12,
      maxAge: 17,
      studentsPerChaperone: 8,
    });
    for (const delegation of [toRussia, toChina]) {
      await this.delegations.transition(organizer, delegation.id, { to: 'open' });
    }

    const consent = {
      kind: 'guardian' as const,
      givenBy: '监护人 / законный представитель',
      relation: 'parent',
      givenAt: new Date().toISOString(),
      noticeVersion: '2026-01',
    };
    const enrol = async (school: Caller, input: CreateParticipantDto, delegationId: string) => {
      const participant = await this.participants.create(school, input);
      if (input.kind === 'student') await this.consents.addConsent(school, participant.id, consent);
      return this.applications.submit(school, { delegationId, participantId: participant.id });
    };

    const chinese = [
      student({ familyName: '李', givenName: '雨轩', passportNumber: 'E10000001' }),
      student({ familyName: '王', givenName: '浩然', gender: 'male', passportNumber: 'E10000002' }),
      student({
        familyName: '曾',
        givenName: '思彤',
        latin: { family: 'ZENG', given: 'SITONG' },
        passportNumber: 'E10000003',
      }),
      student({ familyName: '吕', givenName: '子涵', gender: 'male', passportNumber: 'E10000004' }),
      student({ familyName: '张', givenName: '欣怡', passportNumber: 'E10000005' }),
    ];
    const heihe = [];
    for (const input of chinese) heihe.push(await enrol(heiheSchool, input, toRussia.id));
    const teacher = await enrol(
      heiheSchool,
      student({
        kind: 'chaperone',
        chaperoneRole: 'teacher',
        familyName: '刘',
        givenName: '芳',
        birthDate: '1979-03-08',
        passportNumber: 'E10000006',
        guardian: null,
      }),
      toRussia.id,
    );
    await this.decisions.decideMany(organizer, [
      { id: heihe[0].id, decision: 'approve' },
      { id: heihe[1].id, decision: 'approve' },
      { id: heihe[2].id, decision: 'approve' },
      { id: heihe[3].id, decision: 'waitlist' },
      { id: teacher.id, decision: 'approve' },
    ]);

    const russian = [
      { familyName: 'Иванова', givenName: 'Анна' },
      { familyName: 'Щербаков', givenName: 'Илья' },
      { familyName: 'Соловьёва', givenName: 'Мария' },
    ];
    const blag = [];
    for (const [i, name] of russian.entries()) {
      blag.push(
        await enrol(
          russianSchool,
          student({
            nationality: 'RU',
            ...name,
            birthPlace: 'г. Благовещенск',
            passportNumber: `75000000${i}`,
          }),
          toChina.id,
        ),
      );
    }
    await this.decisions.decideMany(organizer, [
      { id: blag[0].id, decision: 'approve' },
      { id: blag[1].id, decision: 'reject', note: 'Документы не готовы к сроку' },
    ]);
    await this.seedNotices(organizer, toRussia.id);
    const autumn = await this.seedLockedRoster(callers, window, enrol);
    return [toRussia.titleRu, toChina.titleRu, autumn];
  }

  /**
   * A third exchange whose roster the organizer has locked: the Russian partner's page
   * has a list waiting for its approval.
   */
  private async seedLockedRoster(
    callers: DemoCallers,
    window: { applicationOpensAt: Date; applicationClosesAt: Date },
    enrol: (
      school: Caller,
      input: CreateParticipantDto,
      delegationId: string,
    ) => Promise<{ id: string }>,
  ): Promise<string> {
    const { organizer, heiheSchool } = callers;
    const autumn = await this.delegations.create(organizer, {
      titleZh: '黑河中学生布拉戈维申斯克秋季科技交流',
      titleRu: 'Осенний научный обмен школьников Хэйхэ в Благовещенске',
      descriptionZh: '参观大学实验室，与俄罗斯同学一起完成科学项目。',
      descriptionRu: 'Лаборатории университета и общий научный проект с российскими школьниками.',
      direction: 'CN_TO_RU',
      hostOrganizationId: callers.russianPartnerId,
      departureDate: dateIn(30),
      returnDate: dateIn(34),
      ...window,
      studentPlaces: 2,
      chaperonePlaces: 1,
      minAge: 12,
      maxAge: 17,
      studentsPerChaperone: 8,
    });
    await this.delegations.transition(organizer, autumn.id, { to: 'open' });
    const going = [
      await enrol(
        heiheSchool,
        student({ familyName: '陈', givenName: '静', passportNumber: 'E10000007' }),
        autumn.id,
      ),
      await enrol(
        heiheSchool,
        student({ familyName: '杨', givenName: '帆', gender: 'male', passportNumber: 'E10000008' }),
        autumn.id,
      ),
    ];
    await this.decisions.decideMany(
      organizer,
      going.map((a) => ({ id: a.id, decision: 'approve' as const })),
    );
    await this.delegations.transition(organizer, autumn.id, { to: 'closed' });
    await this.locking.lock(
      organizer,
      autumn.id,
      { override: { reason: 'Демо: сопровождающий будет назначен позже' } },
      'ru',
    );
    return autumn.titleRu;
  }

  /** Public notices for the site: two in both languages, one in Chinese only. */
  private async seedNotices(organizer: Caller, delegationId: string): Promise<void> {
    const notices: CreateNoticeDto[] = [
      {
        audience: 'public',
        titleZh: '2027 年夏季中俄青少年交流开始报名',
        titleRu: 'Открыт приём заявок на летние обмены 2027 года',
        bodyZh:
          '黑河与布拉戈维申斯克两地学校的学生可通过所在学校报名。\n\n' +
          '- 报名截止前须登记监护人同意书\n- 护照有效期须在返回日期后至少 6 个月\n\n' +
          '详情请咨询学校联系人。',
        bodyRu:
          'Школьники Хэйхэ и Благовещенска подают заявки через свою школу.\n\n' +
          '- до окончания приёма нужно согласие законного представителя\n' +
          '- паспорт должен действовать не меньше 6 месяцев после возвращения\n\n' +
          'Подробности — у координатора вашей школы.',
      },
      {
        audience: 'public',
        titleZh: '出入境须知：黑河口岸',
        titleRu: 'Пересечение границы: пункт пропуска Хэйхэ — Благовещенск',
        bodyZh: '请携带护照原件。团组名单以双方确认的版本为准。',
        bodyRu:
          'Возьмите с собой паспорт. Действует список группы, подтверждённый обеими сторонами.',
      },
      {
        audience: 'public',
        singleLanguage: 'zh',
        titleZh: '志愿者（“五老”）带队培训通知',
        bodyZh: '带队培训将于出发前一周在黑河市关工委举行。',
      },
      {
        audience: 'delegation',
        delegationId,
        titleZh: '出发集合时间',
        titleRu: 'Сбор перед выездом',
        bodyZh: '出发当天 8:00 在黑河口岸集合。',
        bodyRu: 'В день выезда сбор в 8:00 у пункта пропуска Хэйхэ.',
      },
    ];
    for (const input of notices) {
      const notice = await this.notices.create(organizer, input);
      await this.notices.publish(organizer, notice.id);
    }
  }
}
