// The original package (@coderbyheart/aws-dynamodb-es-cqrs 1.3.0) driven through the scenario escqrs runs in
// SeedScenario.java: 100 posts, each created and then retitled 10 times, one writer. Commands are written as the
// package's README describes them: load the aggregate row (GetItem), check, build the event, reduce it onto the
// aggregate with reduceEvents, and persist both with persistDynamoDB (one TransactWriteItems).
//   node scenario.mjs ENDPOINT TABLE_PREFIX [posts] [retitles] [historyEvents] [deployed|bare]
// prints one JSON line: wall time, requests, bytes and capacity units for the scenario and per operation.
// "deployed" (the default) gives the events table what the package's users deploy: a NEW_IMAGE stream (its stream
// decoder reads it) and an event-name index (as in the package's own test tables); "bare" has neither.
// Requests, bytes and capacity are counted by meter.mjs.
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { reduceEvents } from '@coderbyheart/aws-dynamodb-es-cqrs/aggregate'
import {
  listAggregateEventsDynamoDB,
  persistDynamoDB,
  unmarshallAggregate,
} from '@coderbyheart/aws-dynamodb-es-cqrs/persistence'
import { decodeTime, monotonicFactory } from 'ulidx'
import { createTables, meteredClients } from './meter.mjs'

const [endpoint, prefix, postsArg, retitlesArg, historyArg] = process.argv.slice(2)
const posts = Number(postsArg ?? 100)
const retitles = Number(retitlesArg ?? 10)
const historyEvents = Number(historyArg ?? 1000)
const deployed = (process.argv[7] ?? 'deployed') === 'deployed'
const ulid = monotonicFactory()

const aggregateTable = `${prefix}BlogPost`
const eventsTable = `${prefix}events`
const { db, sizer, sizing, snapshot, since } = meteredClients({ endpoint, eventsTable, deployed })
await createTables(sizer, aggregateTable, eventsTable, deployed)

// The blog post, the package's way: a reducer over named events, the aggregate with its $meta
const applyEvent = (event, post) => {
  const $meta = { id: event.aggregateId, version: event.aggregateVersion, actorId: event.actorId }
  switch (event.eventName) {
    case 'BlogPostCreated':
      return { $meta, title: event.title, authorId: event.actorId, published: false }
    case 'BlogPostTitleChanged':
      return { ...post, $meta: { ...$meta, updatedAt: new Date(decodeTime(event.eventId)) }, title: event.title }
    default:
      throw new Error(`unknown event ${event.eventName}`)
  }
}
const reduce = reduceEvents(applyEvent)
const persist = persistDynamoDB(db, aggregateTable, eventsTable)
const listEvents = listAggregateEventsDynamoDB(db, eventsTable)

const load = async (id) => {
  const { Item } = await db.send(new GetItemCommand({ TableName: aggregateTable, Key: { aggregateId: { S: id } }, ConsistentRead: true }))
  return Item === undefined ? undefined : unmarshallAggregate(Item)
}
const validTitle = (title) => {
  const t = title.trim()
  if (t.length < 1 || t.length > 200) throw new Error('invalid title')
  return t
}
const create = async (title, actorId) => {
  const id = ulid()
  if ((await load(id)) !== undefined) throw new Error(`BlogPost ${id} exists`)
  const event = { eventId: ulid(), eventName: 'BlogPostCreated', aggregateName: 'BlogPost', aggregateId: id, aggregateVersion: 1, actorId, title: validTitle(title) }
  await persist(reduce([event], undefined), event)
  return id
}
const changeTitle = async (id, title, actorId, post) => {
  const current = post ?? (await load(id))
  if (current === undefined) throw new Error(`BlogPost ${id} not found`)
  const t = validTitle(title)
  if (t === current.title) return current
  const event = { eventId: ulid(), eventName: 'BlogPostTitleChanged', aggregateName: 'BlogPost', aggregateId: id, aggregateVersion: current.$meta.version + 1, actorId, title: t }
  const next = reduce([event], current)
  await persist(next, event)
  return next
}

// The scenario
sizing.ms = 0
const start = performance.now()
const before = snapshot()
for (let p = 0; p < posts; p++) {
  const id = await create(`post ${p}`, 'alice')
  for (let r = 1; r <= retitles; r++) await changeTitle(id, `post ${p} title ${r}`, 'alice')
}
const wallMs = performance.now() - start - sizing.ms
const scenario = { wallMs, commands: posts * (1 + retitles), ...since(before) }

// The cost of single operations
const ops = {}
let before1 = snapshot()
const id = await create('cost', 'alice')
ops.create = since(before1)
before1 = snapshot()
await changeTitle(id, 'cold', 'alice')
ops.coldCommand = since(before1)
before1 = snapshot()
await changeTitle(id, 'again', 'alice')
ops.warmCommand = since(before1)
// a conflict: bob loaded version 3, alice wrote version 4, bob's write fails; he reloads and writes again
const stale = await load(id)
await changeTitle(id, 'alice wins', 'alice')
before1 = snapshot()
try {
  await changeTitle(id, 'bob', 'bob', stale)
  throw new Error('expected a version conflict')
} catch (err) {
  if (!String(err.message).includes('version conflict')) throw err
  await changeTitle(id, 'bob', 'bob')
}
ops.conflictThenRetry = since(before1)
before1 = snapshot()
await load(id)
ops.read = since(before1)
if (historyEvents > 0) {
  const longId = await create('long', 'alice')
  let post = await load(longId)
  for (let r = 2; r <= historyEvents; r++) post = await changeTitle(longId, `long ${r}`, 'alice', post)
  before1 = snapshot()
  const history = await listEvents(longId)
  if (history.length !== historyEvents) throw new Error(`expected ${historyEvents} events, got ${history.length}`)
  ops[`read${historyEvents}Events`] = since(before1)
}

console.log(JSON.stringify({ seed: '@coderbyheart/aws-dynamodb-es-cqrs@1.3.0', node: process.version,
  layout: deployed ? 'deployed (NEW_IMAGE stream, event-name index ALL)' : 'bare', scenario, ops }))
