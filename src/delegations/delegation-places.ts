import { ContentChanges } from '../common/events/content-changes';
import { Tx } from '../database/transactions';

export type PlaceKind = 'student' | 'chaperone';

/** The two counters of places on a delegation row, by the kind of place. */
export const PLACE_COLUMNS = {
  student: { places: 'studentPlaces', taken: 'studentPlacesTaken' },
  chaperone: { places: 'chaperonePlaces', taken: 'chaperonePlacesTaken' },
} as const;

/** Public pages show delegations: they are told once this transaction commits. */
export function touched(tx: Tx, changes: ContentChanges): void {
  tx.afterCommit(() => changes.changed());
}
