using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.GrainTests;

// The grain behaviour tests again, with grain state, our projections, the audit trigger and durable reminders
// on PostgreSQL: what the production cluster runs on.

/// <summary>The SLA tests' Friday-afternoon clock, on PostgreSQL.</summary>
public sealed class PostgresSlaClusterFixture : SlaClusterFixture
{
    protected override async Task<FanpageDatabase> CreateDatabase() =>
        new PostgresDatabase(await TestPostgres.CreateDatabase("sla"));
}

[CollectionDefinition(Name)]
public sealed class PostgresSlaClusterCollection : ICollectionFixture<PostgresSlaClusterFixture>
{
    public const string Name = "postgres-sla-cluster";
}

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresCommentThreadGrainTests(PostgresClusterFixture fixture) : CommentThreadGrainTests(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresWorkflowGrainTests(PostgresClusterFixture fixture) : WorkflowGrainTests(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresOutboxIntegrityTests(PostgresClusterFixture fixture) : OutboxIntegrityTests(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresDailyReportGrainTests(PostgresClusterFixture fixture) : DailyReportGrainTests(fixture);

[Collection(PostgresSlaClusterCollection.Name)]
public sealed class PostgresCaseAuditTests(PostgresSlaClusterFixture fixture) : CaseAuditTests(fixture);

[Collection(PostgresSlaClusterCollection.Name)]
public sealed class PostgresSlaClockGrainTests(PostgresSlaClusterFixture fixture) : SlaClockGrainTests(fixture);
