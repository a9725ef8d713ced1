import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { QueueBoardController } from './queue-board.controller';

/** Bull Board for organizers: the cookie session here, the board itself in queue-board.ts. */
@Module({ imports: [AuthModule], controllers: [QueueBoardController] })
export class QueueBoardModule {}
