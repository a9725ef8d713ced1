import { Global, Module } from '@nestjs/common';
import { Translator } from './translator';

@Global()
@Module({ providers: [Translator], exports: [Translator] })
export class LocalizationModule {}
