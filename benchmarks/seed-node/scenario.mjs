// The original package (@coderbyheart/aws-dynamodb-es-cqrs 1.3.0) driven through the scenario escqrs runs in
// SeedScenario.java: 100 posts, each created and then retitled 10 times, one writer. Commands are written as the
// package's README describes them: load the aggregate row (GetItem), check, build the event, reduce it onto the
// aggregate with reduceEvents, and persist both with persistDynamoDB (one TransactWriteItems).
//   node scenario.mjs ENDPOINT TABLE_PREFIX [posts] [retitles] [historyEvents] [deployed|bare]
// prints one JSON line: wall time, requests, bytes and capacity units for the scenario and per operation.
// "deployed" (the default) gives the events table what the package's users deploy: a NEW_IMAGE stream (its stream
// decoder reads it) and an event-name index (as in the package's own test tables); "bare" has neither.
// Capacity is computed from the items' sizes by AWS's rules (itemSize below, as escqrs's AttributeValues.itemSize):
// a transactional write 2 WCU per KB per item, an index write 1 WCU per KB of the projected item, a consistent read
// 1 RCU per 4 KB (a Query sums its items first).
import { CreateTableCommand, DynamoDBClient, GetItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { reduceEvents } from '@coderbyheart/aws-dynamodb-es-cqrs/aggregate'
import {
  listAggregateEventsDynamoDB,
  persistDynamoDB,
  unmarshallAggregate,
} from '@coderbyheart/aws-dynamodb-es-cqrs/persistence'
import { decodeTime, monotonicFactory } from 'ulidx'

const [endpoint, prefix, postsArg, retitlesArg, historyArg] = process.argv.slice(2)
const posts = Number(postsArg ?? 100)
const retitles = Number(retitlesArg ?? 10)
const historyEvents = Number(historyArg ?? 1000)
const deployed = (process.argv[7] ?? 'deployed') === 'deployed'
const ulid = monotonicFactory()

const db = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
})
const counter = { requests: 0, requestBytes: 0, responseBytes: 0, wcu: 0, rcu: 0 }
db.middlewareStack.add(
  (next) => async (args) => {
    counter.requests++
    counter.requestBytes += Buffer.byteLength(args.request.body ?? '')
    const result = await next(args)
    counter.responseBytes += Number(result.response.headers['content-length'] ?? 0)
    return result
  },
  { step: 'finalizeRequest', name: 'escqrsBenchCounter' },
)
// DynamoDB's item size: names and strings in UTF-8, a number one byte per two significant digits plus one, a map or
// list 3 bytes plus 1 per element, booleans and null 1 byte
const valueSize = (v) => {
  if (v.S !== undefined) return Buffer.byteLength(v.S)
  if (v.N !== undefined) {
    const digits = v.N.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1
    return Math.floor((digits + 1) / 2) + 1
  }
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + valueSize(x), 0)
  if (v.L !== undefined) return 3 + v.L.reduce((n, x) => n + 1 + valueSize(x), 0)
  if (v.SS !== undefined) return v.SS.reduce((n, x) => n + Buffer.byteLength(x), 0)
  throw new Error(`no size rule for ${JSON.stringify(v)}`)
}
const itemSize = (item) => Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0)
const KB = 1024
let sizingMs = 0 // time spent sizing rows, taken off the scenario's wall time
// an uncounted client: after a transaction, it reads the rows the Update wrote, to size them
const sizer = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } })
db.middlewareStack.add(
  (next, context) => async (args) => {
    const result = await next(args)
    const input = args.input
    if (context.commandName === 'TransactWriteItemsCommand') {
      for (const item of input.TransactItems) {
        if (item.Put) {
          const size = itemSize(item.Put.Item)
          counter.wcu += 2 * Math.ceil(size / KB)
          if (deployed && item.Put.TableName === eventsTable && item.Put.Item.eventName) counter.wcu += Math.ceil(size / KB)
        } else if (item.Update) {
          const sizing = performance.now()
          const { Item } = await sizer.send(new GetItemCommand({ TableName: item.Update.TableName, Key: item.Update.Key, ConsistentRead: true }))
          sizingMs += performance.now() - sizing
          counter.wcu += 2 * Math.ceil(itemSize(Item ?? {}) / KB)
        }
      }
    } else if (context.commandName === 'GetItemCommand') {
      const units = Math.max(1, Math.ceil(itemSize(result.output.Item ?? {}) / (4 * KB)))
      counter.rcu += input.ConsistentRead ? units : units / 2
    } else if (context.commandName === 'QueryCommand') {
      const bytes = (result.output.Items ?? []).reduce((n, i) => n + itemSize(i), 0)
      const units = Math.max(1, Math.ceil(bytes / (4 * KB)))
      counter.rcu += input.ConsistentRead ? units : units / 2
    }
    return result
  },
  { step: 'initialize', name: 'escqrsBenchCapacity' },
)
const snapshot = () => ({ ...counter })
const since = (before) => ({
  requests: counter.requests - before.requests,
  requestBytes: counter.requestBytes - before.requestBytes,
  responseBytes: counter.responseBytes - before.responseBytes,
  wcu: counter.wcu - before.wcu,
  rcu: counter.rcu - before.rcu,
})

const aggregateTable = `${prefix}BlogPost`
const eventsTable = `${prefix}events`
const table = (TableName, KeySchema, AttributeDefinitions, extra = {}) =>
  sizer.send(new CreateTableCommand({ TableName, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST', ...extra }))
await table(aggregateTable, [{ AttributeName: 'aggregateId', KeyType: 'HASH' }], [{ AttributeName: 'aggregateId', AttributeType: 'S' }])
await table(
  eventsTable,
  [{ AttributeName: 'aggregateId', KeyType: 'HASH' }, { AttributeName: 'eventId', KeyType: 'RANGE' }],
  [{ AttributeName: 'aggregateId', AttributeType: 'S' }, { AttributeName: 'eventId', AttributeType: 'S' },
    ...(deployed ? [{ AttributeName: 'eventName', AttributeType: 'S' }] : [])],
  deployed ? {
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    GlobalSecondaryIndexes: [{
      IndexName: 'eventNameIndex',
      KeySchema: [{ AttributeName: 'eventName', KeyType: 'HASH' }, { AttributeName: 'eventId', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  } : {},
)
for (const TableName of [aggregateTable, eventsTable]) {
  await waitUntilTableExists({ client: sizer, maxWaitTime: 60 }, { TableName })
}

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
sizingMs = 0
const start = performance.now()
const before = snapshot()
for (let p = 0; p < posts; p++) {
  const id = await create(`post ${p}`, 'alice')
  for (let r = 1; r <= retitles; r++) await changeTitle(id, `post ${p} title ${r}`, 'alice')
}
const wallMs = performance.now() - start - sizingMs
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
