// What the seed's scripts share: a DynamoDB client that counts requests, bytes and capacity units, and the tables the
// package's users deploy. Capacity is computed from the items' sizes by AWS's rules (itemSize below, as escqrs's
// AttributeValues.itemSize): a transactional write 2 WCU per KB per item, an index write 1 WCU per KB of the projected
// item, a consistent read 1 RCU per 4 KB (a Query sums its items first); a cancelled transaction is not billed (as in
// escqrs's CapacityMeter). streamBytes adds up the items written to the events table: what its NEW_IMAGE stream carries.
import { CreateTableCommand, DynamoDBClient, GetItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'

export const KB = 1024
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }

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
export const itemSize = (item) => Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0)

// db: the counted client; sizer: an uncounted one, which after a transaction reads the rows the Update wrote, to size
// them (sizing.ms is the time that took, to be taken off a wall time)
export const meteredClients = ({ endpoint, eventsTable, deployed }) => {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials })
  const sizer = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials })
  const counter = { requests: 0, requestBytes: 0, responseBytes: 0, wcu: 0, rcu: 0, streamBytes: 0, eventsWritten: 0 }
  const sizing = { ms: 0 }
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
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      const input = args.input
      if (context.commandName === 'TransactWriteItemsCommand') {
        for (const item of input.TransactItems) {
          if (item.Put) {
            const size = itemSize(item.Put.Item)
            counter.wcu += 2 * Math.ceil(size / KB)
            if (item.Put.TableName === eventsTable) {
              counter.streamBytes += size
              counter.eventsWritten++
              if (deployed && item.Put.Item.eventName) counter.wcu += Math.ceil(size / KB)
            }
          } else if (item.Update) {
            const start = performance.now()
            const { Item } = await sizer.send(new GetItemCommand({ TableName: item.Update.TableName, Key: item.Update.Key, ConsistentRead: true }))
            sizing.ms += performance.now() - start
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
  const since = (before) => Object.fromEntries(Object.keys(counter).map((k) => [k, counter[k] - before[k]]))
  return { db, sizer, counter, sizing, snapshot, since }
}

// The package's tables: the aggregate table keyed by aggregateId, the events table by aggregateId and eventId;
// "deployed" adds what its users deploy: a NEW_IMAGE stream (its stream decoder reads it) and an event-name index
// projecting ALL (as in the package's own test tables)
export const createTables = async (client, aggregateTable, eventsTable, deployed) => {
  const table = (TableName, KeySchema, AttributeDefinitions, extra = {}) =>
    client.send(new CreateTableCommand({ TableName, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST', ...extra }))
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
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName })
  }
}
