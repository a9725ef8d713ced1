import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`typeorm -d dist/database/data-source.js`): the same options as the app. */
export default new DataSource(dataSourceOptions(loadConfig()));
