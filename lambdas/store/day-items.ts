import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { StoredDay } from '../tracker/ports.ts';
import type { LocalDate, Session, VisitorHint } from '../tracker/types.ts';
import { fromAttributeMap } from './attribute-values.ts';
import { type Context, PK, SK, send } from './context.ts';
import { unflattenTallies } from './flat-tallies.ts';

// A day record: pk "DAY", sk <home date>: sessions (map of id to session), tallies (flat map, see
// flat-tallies.ts), version, talliesPk "T" while it has sessions (puts it in the tallies index), visitors
// (string set "<id>@<home>").
/** The partition every day record is in. */
export const DAY = 'DAY';

/** The key of the day record minted on `home`. */
export const dayKey = (home: LocalDate): Record<string, AttributeValue> => ({
  [PK]: { S: DAY },
  [SK]: { S: home },
});

/** The day record of `home` read strongly consistent, with its version, if it exists. */
export async function getDay(
  ctx: Context,
  home: LocalDate,
): Promise<{ day: StoredDay; version: number | undefined } | undefined> {
  const out = await send(() =>
    ctx.client.send(
      new GetItemCommand({
        TableName: ctx.table,
        Key: dayKey(home),
        ConsistentRead: true,
        ReturnConsumedCapacity: ctx.capacity,
      }),
    ),
  );
  ctx.meter?.('GetItem', out.Item ? 1 : 0, out.ConsumedCapacity?.CapacityUnits ?? 0);
  if (!out.Item) return undefined;
  const version = out.Item.version?.N;
  return { day: toStoredDay(out.Item), version: version === undefined ? undefined : Number(version) };
}

/** A day item as the domain reads it. */
export function toStoredDay(item: Record<string, AttributeValue>): StoredDay {
  const data = fromAttributeMap(item);
  const visitors: VisitorHint[] = ((data.visitors as string[] | undefined) ?? []).map((v) => {
    const at = v.lastIndexOf('@');
    return { id: v.slice(0, at), home: v.slice(at + 1) };
  });
  // Stored as a map for writes by id; answered in the order they were logged.
  const sessions = Object.values((data.sessions as Record<string, Session> | undefined) ?? {}).sort((a, b) =>
    a.loggedAt === b.loggedAt ? (a.id < b.id ? -1 : 1) : a.loggedAt < b.loggedAt ? -1 : 1,
  );
  return {
    home: String(data[SK]),
    sessions,
    tallies: unflattenTallies((data.tallies as Record<string, unknown> | undefined) ?? {}),
    visitors,
  };
}
