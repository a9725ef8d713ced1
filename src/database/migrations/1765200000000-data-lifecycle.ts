import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { portable } from './portable';

/**
 * The texts printed as of 2026-01, as guardians signed them: the first record of each
 * consent text. Copied here, not read from i18n, so that this migration always writes the
 * same words whatever the interface texts become.
 */
const FIRST_TEXTS: Record<string, [zh: string, ru: string]> = {
  guardian: [
    '一、监护人同意书\n\n本人是上述参加者的监护人，同意其报名参加由黑河市关心下一代工作委员会组织的中俄青少年友好交流活动，并随代表团往返中国黑河与俄罗斯布拉戈维申斯克。\n\n本人知悉活动期间由学校教师和志愿者带队。参加者须服从带队人员的管理，遵守两国法律和活动纪律。\n\n本人已如实告知学校参加者的健康状况和紧急联系方式；如有变化，将及时告知学校。\n\n本同意可随时通过学校以书面方式撤回；撤回后，参加者不再参加尚未出发的活动。',
    '1. Согласие законного представителя\n\nЯ, законный представитель указанного участника, согласен(на) на его участие в российско-китайском молодёжном обмене, который организует комитет города Хэйхэ по заботе о подрастающем поколении, и на поездку в составе делегации между Благовещенском (Россия) и Хэйхэ (Китай) и обратно.\n\nМне известно, что в поездке группу сопровождают учителя и волонтёры. Участник обязан выполнять их указания, соблюдать законы обеих стран и правила поездки.\n\nЯ сообщил(а) школе достоверные сведения о здоровье участника и контакты для экстренной связи; об изменениях сообщу в школу.\n\nСогласие можно отозвать в любое время письменным заявлением через школу; после отзыва участник не едет в ещё не начавшиеся поездки.',
  ],
  cross_border: [
    '二、个人信息跨境提供同意书\n\n为办理团组出入境和接待手续，本人同意将参加者的下列个人信息提供给对方国家的接待机构和口岸主管部门：姓名（汉字、拉丁字母、西里尔字母）、性别、出生日期和出生地、护照号码及有效期。\n\n上述信息仅用于本次交流活动的组织、出入境和安全保障，不作其他用途。护照号码加密保存，每次查看和导出都有记录。\n\n活动结束返回后，个人信息按规定的保存期限删除，仅保留无法识别个人身份的统计数据。\n\n本人可通过学校查阅、复制、更正上述信息，或撤回本同意；撤回不影响撤回前已进行的处理。\n\n不满十四周岁的未成年人的个人信息属于敏感个人信息，本同意由其监护人作出。',
    '2. Согласие на трансграничную передачу персональных данных\n\nДля оформления пересечения границы и приёма группы я даю согласие на передачу принимающей организации и пограничным органам другой страны следующих персональных данных участника: фамилия и имя (кириллицей, латиницей, иероглифами), пол, дата и место рождения, номер и срок действия паспорта.\n\nЭти данные используются только для организации этой поездки, пересечения границы и безопасности участников и ни для чего иного. Номер паспорта хранится в зашифрованном виде, каждый его просмотр и выгрузка записываются.\n\nПосле возвращения из поездки персональные данные удаляются в установленный срок хранения; остаются только обезличенные статистические сведения.\n\nЧерез школу я могу ознакомиться с этими данными, получить их копию, исправить их или отозвать согласие; отзыв не затрагивает обработку, проведённую до него.\n\nЗа участника, не достигшего 14 лет, согласие даёт его законный представитель.',
  ],
};

/**
 * Children's data has a lifetime: when a person's personal fields were erased (in the
 * participant and in locked roster copies, with each copy's digest kept so an approved
 * hash stays checkable), legal holds, the runs of the retention job, consent texts as
 * versioned records, and the person an outbox event names (for their copy of their data).
 */
export class DataLifecycle1765200000000 implements MigrationInterface {
  name = 'DataLifecycle1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.addColumns('participants', [new TableColumn(c.instant('erasedAt', true))]);
    await queryRunner.createIndex(
      'participants',
      new TableIndex({ name: 'IDX_participants_erased', columnNames: ['erasedAt', 'id'] }),
    );
    await queryRunner.addColumns('roster_members', [
      new TableColumn(c.varchar('contentDigest', 64, true)),
      new TableColumn(c.instant('erasedAt', true)),
    ]);
    // Versions locked before this one hashed the people's data directly (scheme 1).
    await queryRunner.addColumns('roster_versions', [new TableColumn(c.int('hashScheme', 1))]);
    await queryRunner.addColumns('notification_outbox', [
      new TableColumn(c.ref('participantId', true)),
    ]);
    await queryRunner.createIndex(
      'notification_outbox',
      new TableIndex({
        name: 'IDX_notification_outbox_participant',
        columnNames: ['participantId'],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'legal_holds',
        columns: [
          c.id(),
          c.varchar('subjectType', 16),
          c.ref('subjectId'),
          c.varchar('reason', 500),
          c.ref('createdById'),
          c.createdAt(),
          c.instant('releasedAt', true),
          c.ref('releasedById', true),
        ],
        foreignKeys: [
          c.fk('createdById', 'users', 'FK_legal_holds_created_by'),
          c.fk('releasedById', 'users', 'FK_legal_holds_released_by'),
        ],
        indices: [{ name: 'IDX_legal_holds_subject', columnNames: ['subjectType', 'subjectId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_runs',
        columns: [
          c.id(),
          c.instant('startedAt'),
          c.instant('finishedAt', true),
          c.varchar('status', 16),
          c.varchar('source', 16),
          c.ref('actorId', true),
          c.text('policy'),
          c.text('counts', true),
          c.varchar('lastError', 500, true),
        ],
        indices: [{ name: 'IDX_retention_runs_started', columnNames: ['startedAt'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'consent_texts',
        columns: [
          c.id(),
          c.varchar('kind', 16),
          c.varchar('version', 40),
          c.text('zh'),
          c.text('ru'),
          c.date('validFrom'),
          c.boolean('requiresRenewal', false),
          c.ref('createdById', true),
          c.createdAt(),
        ],
        foreignKeys: [c.fk('createdById', 'users', 'FK_consent_texts_created_by')],
        indices: [
          {
            name: 'UQ_consent_texts_kind_version',
            columnNames: ['kind', 'version'],
            isUnique: true,
          },
        ],
      }),
    );
    for (const [kind, [zh, ru]] of Object.entries(FIRST_TEXTS)) {
      await queryRunner.manager.insert('consent_texts', {
        id: randomUUID(),
        kind,
        version: '2026-01',
        zh,
        ru,
        validFrom: '2026-01-01',
        requiresRenewal: false,
        createdById: null,
      });
    }
    // A consent recorded earlier under another version name keeps a record to refer to.
    const others = (await queryRunner.query(
      "SELECT DISTINCT kind, noticeVersion FROM participant_consents WHERE noticeVersion <> '2026-01'",
    )) as { kind: string; noticeVersion: string }[];
    for (const other of others) {
      await queryRunner.manager.insert('consent_texts', {
        id: randomUUID(),
        kind: other.kind,
        version: other.noticeVersion,
        zh: '（此版本的文本在开始保存同意书文本之前未被记录）',
        ru: '(Текст этой версии не был сохранён до начала учёта текстов согласий)',
        validFrom: '2000-01-01',
        requiresRenewal: false,
        createdById: null,
      });
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('consent_texts');
    await queryRunner.dropTable('retention_runs');
    await queryRunner.dropTable('legal_holds');
    await queryRunner.dropIndex('notification_outbox', 'IDX_notification_outbox_participant');
    await queryRunner.dropColumns('notification_outbox', ['participantId']);
    await queryRunner.dropColumns('roster_versions', ['hashScheme']);
    await queryRunner.dropColumns('roster_members', ['contentDigest', 'erasedAt']);
    await queryRunner.dropIndex('participants', 'IDX_participants_erased');
    await queryRunner.dropColumns('participants', ['erasedAt']);
  }
}
