// The original package (@coderbyheart/aws-dynamodb-es-cqrs 1.3.0) with events and states of several sizes: the seed's
// side of escqrs's StorageModeCost. It reads the sizes and the paddings escqrs used from StorageModeCost's output, so
// that both write the same payloads (the seed's items come out larger: they repeat aggregateName, aggregateId and
// eventTs under long names), and measures, per size, on fresh tables of the deployed layout (meter.mjs):
// create, cold command, warm command (the package keeps no aggregate in memory, so it reads as a cold one does), lost
// race (another writer wins first: the write fails, read, write), and a two-event command (the package persists one
// event per transaction, so: read, then two transactions, which are not atomic together); then a read of the sheet's
// history (7 events, with the package's own listAggregateEventsDynamoDB).
//   node sizes.mjs ENDPOINT TABLE_PREFIX STORAGE_MODES_JSON
// prints one JSON line.
import { readFileSync } from 'node:fs'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { reduceEvents } from '@coderbyheart/aws-dynamodb-es-cqrs/aggregate'
import { listAggregateEventsDynamoDB, persistDynamoDB, unmarshallAggregate } from '@coderbyheart/aws-dynamodb-es-cqrs/persistence'
import { decodeTime, monotonicFactory } from 'ulidx'
import { createTables, itemSize, meteredClients } from './meter.mjs'

const [endpoint, prefix, storageModesFile] = process.argv.slice(2)
const { sizes } = JSON.parse(readFileSync(storageModesFile, 'utf8'))
const ulid = monotonicFactory()
const actorId = 'alice'

// The sheet, the package's way: the state's notes are sized by the first event, as in escqrs's Sheets
const applyEvent = (event, sheet) => {
  const $meta = { id: event.aggregateId, version: event.aggregateVersion, actorId: event.actorId }
  switch (event.eventName) {
    case 'SheetWritten':
      return { $meta, edits: 0, notes: 'n'.repeat(event.stateBytes) }
    case 'SheetEdited':
      return { ...sheet, $meta: { ...$meta, updatedAt: new Date(decodeTime(event.eventId)) }, edits: sheet.edits + 1 }
    default:
      throw new Error(`unknown event ${event.eventName}`)
  }
}
const reduce = reduceEvents(applyEvent)

const out = { seed: '@coderbyheart/aws-dynamodb-es-cqrs@1.3.0', node: process.version,
  layout: 'deployed (NEW_IMAGE stream, event-name index ALL)', sizes: [] }
for (const size of sizes) {
  const tablePrefix = `${prefix}${size.eventBytes}-${size.stateBytes}-`
  const aggregateTable = `${tablePrefix}Sheet`
  const eventsTable = `${tablePrefix}events`
  const { db, sizer, snapshot, since } = meteredClients({ endpoint, eventsTable, deployed: true })
  await createTables(sizer, aggregateTable, eventsTable, true)
  const persist = persistDynamoDB(db, aggregateTable, eventsTable)
  const load = async (id) => {
    const { Item } = await db.send(new GetItemCommand({ TableName: aggregateTable, Key: { aggregateId: { S: id } }, ConsistentRead: true }))
    return Item === undefined ? undefined : unmarshallAggregate(Item)
  }
  const text = 'p'.repeat(size.eventPadding)
  const write = async () => {
    const id = ulid()
    if ((await load(id)) !== undefined) throw new Error(`Sheet ${id} exists`)
    const event = { eventId: ulid(), eventName: 'SheetWritten', aggregateName: 'Sheet', aggregateId: id, aggregateVersion: 1, actorId, text, stateBytes: size.statePadding }
    await persist(reduce([event], undefined), event)
    return id
  }
  const edit = async (id, sheet) => {
    const current = sheet ?? (await load(id))
    if (current === undefined) throw new Error(`Sheet ${id} not found`)
    const event = { eventId: ulid(), eventName: 'SheetEdited', aggregateName: 'Sheet', aggregateId: id, aggregateVersion: current.$meta.version + 1, actorId, text }
    const next = reduce([event], current)
    await persist(next, event)
    return next
  }

  const ops = {}
  let before = snapshot()
  const id = await write()
  ops.create = since(before)
  before = snapshot()
  await edit(id)
  ops.coldCommand = since(before)
  before = snapshot()
  await edit(id)
  ops.warmCommand = since(before)
  const stale = await load(id)
  await edit(id) // the other writer wins
  before = snapshot()
  try {
    await edit(id, stale)
    throw new Error('expected a version conflict')
  } catch (err) {
    if (!String(err.message).includes('version conflict')) throw err
    await edit(id)
  }
  ops.lostRace = since(before)
  before = snapshot()
  await edit(id, await edit(id))
  ops.twoEventCommand = since(before)
  before = snapshot()
  const history = await listAggregateEventsDynamoDB(db, eventsTable)(id)
  ops.readHistory = { ...since(before), events: history.length }
  const { Item } = await sizer.send(new GetItemCommand({ TableName: aggregateTable, Key: { aggregateId: { S: id } }, ConsistentRead: true }))
  ops.rowBytes = itemSize(Item)
  out.sizes.push({ eventBytes: size.eventBytes, stateBytes: size.stateBytes, eventPadding: size.eventPadding,
    statePadding: size.statePadding, ops })
}
console.log(JSON.stringify(out))
