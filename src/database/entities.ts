import { AuthSession } from '../auth/auth-session.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** Every entity, for the data source shared by the app, the CLI and the schema-sync test. */
export const ENTITIES = [Organization, User, AuthSession, RefreshToken];
