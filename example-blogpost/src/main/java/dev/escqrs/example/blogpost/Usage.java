package dev.escqrs.example.blogpost;

/** What {@code scripts/run-example --help} prints: every flag of {@link Options}, with its default. */
final class Usage {
    static final String TEXT = """
            usage: scripts/run-example [demo] [options]
              demo                   run the end-to-end scenario once and print a transcript, instead of serving HTTP
              --store memory|dynamodb   where events are kept (default memory)
              --endpoint URL         a DynamoDB emulator, e.g. http://127.0.0.1:5000 (moto), sent one request at a
                                     time; no region or credentials needed. Default: AWS
              --region REGION        the AWS region (default: the SDK's region chain, us-east-1 with --endpoint)
              --table-prefix PREFIX  table names are PREFIXevents, PREFIXBlogPost, PREFIXAuthor, PREFIXcheckpoints,
                                     PREFIXpublished-posts, PREFIXauthor-stats, PREFIXevents-index
                                     (default escqrs-example-)
              --create-tables        create the tables if they are missing (default on with --endpoint)
              --host H               the interface to listen on (default 127.0.0.1, this machine only;
                                     0.0.0.0 for every interface)
              --port N               the HTTP port (default 8080)
              --auth dev|jwt         who may write: jwt (a bearer JWT whose subject is the actor; the key is
                                     $ESCQRS_JWT_SECRET for HS256, or --jwt-public-key for RS256/ES256) or dev
                                     (X-Actor-Id trusted, throwaway tokens printed; loopback only). Default: jwt
                                     when a key is given, else dev on loopback
              --jwt-public-key FILE  a PEM public key (RSA 2048+ or EC P-256) that verifies the bearer tokens
              --jwt-issuer ISS       tokens must carry this iss
              --jwt-audience AUD     tokens must carry this aud
              --rebuild-read-model   forget the published-posts read model and build it again from the events
              --read-model runner|lambda   who keeps the read model and runs the author-stats workflow: this
                                     service (default; on DynamoDB one replica of several, under leases in
                                     the checkpoint table), or Lambdas on the Stream (PublishedPostsLambda,
                                     AuthorStatsLambda; then this service only reads)
              --feed index|stream    on DynamoDB, what the runners read: the change-feed index (default: any
                                     number of readers, positions that never expire) or the events table's
                                     Stream (two readers at most, positions lost after 24 hours)
              --indexer here|lambda  who writes the index (with --feed index): this service, under a lease, so
                                     one replica of several reads the Stream (default), or a Lambda on the
                                     Stream (IndexerLambda, as deploy/template.yaml deploys it)
              --console-port N       the operator console's port (default 8081; 0: any free port): parked
                                     posts, retry, skip, replay; for tokens with the operator role
              --console-host H       the console's interface (default 127.0.0.1, this machine only; reach it from
                                     elsewhere through an SSH tunnel)
              --no-console           no operator console
              --repair TYPE ID       rebuild the row of one aggregate from its events (TYPE: BlogPost), then exit;
                                     for a row that fell behind its events ("the tables disagree")
              --kms-key KEY          on DynamoDB, the KMS key (id, ARN or alias) that wraps the authors' data keys
                                     in PREFIXevents-keys (default $ESCQRS_KMS_KEY_ID; required on AWS). With
                                     --endpoint and no key, the service makes one on the emulator, under the alias
                                     alias/PREFIXpersonal-data""";

    private Usage() {}
}
