# How moto's TransactWriteItems cost grows with what the events table carries (stream, GSI): the reason escqrs's
# wall time on moto trails the TypeScript package's although it sends fewer requests. See docs/performance.md.
#   python3 benchmarks/moto-transaction-cost.py http://127.0.0.1:PORT   (moto_server running there; boto3 comes with moto)
import boto3, sys, time
db = boto3.client('dynamodb', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
def mk(name, stream, gsi):
    kw = dict(TableName=name, BillingMode='PAY_PER_REQUEST',
              AttributeDefinitions=[{'AttributeName':'k','AttributeType':'S'},{'AttributeName':'v','AttributeType':'N'},{'AttributeName':'n','AttributeType':'S'}],
              KeySchema=[{'AttributeName':'k','KeyType':'HASH'},{'AttributeName':'v','KeyType':'RANGE'}])
    if stream: kw['StreamSpecification'] = {'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'}
    if not gsi: kw['AttributeDefinitions'] = kw['AttributeDefinitions'][:2]
    if gsi: kw['GlobalSecondaryIndexes'] = [{'IndexName':'byName','KeySchema':[{'AttributeName':'n','KeyType':'HASH'},{'AttributeName':'v','KeyType':'RANGE'}],'Projection':{'ProjectionType':'ALL'}}]
    db.create_table(**kw)
    db.create_table(TableName=name+'-rows', BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[{'AttributeName':'id','AttributeType':'S'}], KeySchema=[{'AttributeName':'id','KeyType':'HASH'}])
for name, stream, gsi in [('plain', False, False), ('stream', True, False), ('gsi', False, True), ('both', True, True)]:
    mk(name, stream, gsi)
    t = time.time()
    for i in range(1, 601):
        db.transact_write_items(TransactItems=[
            {'Put': {'TableName': name+'-rows', 'Item': {'id': {'S': 'p%d' % (i % 60)}, 'version': {'N': str(i)}}}},
            {'Put': {'TableName': name, 'Item': {'k': {'S': 'p%d' % (i % 60)}, 'v': {'N': str(i)}, 'n': {'S': 'E'}, 'title': {'S': 'x' * 50}}}}])
    print(name, 'ms per transaction over 600 writes: %.1f' % ((time.time() - t) * 1000 / 600))
