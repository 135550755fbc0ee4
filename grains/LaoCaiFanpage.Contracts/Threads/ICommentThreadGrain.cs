namespace LaoCaiFanpage.Contracts.Threads;

/// <summary>
/// One case: a top-level comment with its replies (key: Facebook's comment id verbatim), a visitor
/// post (key: its post id) or a Messenger conversation (key: <c>messenger:{pageId}:{psid}</c>).
/// </summary>
public interface ICommentThreadGrain : IGrainWithStringKey
{
    /// <summary>Applies the changes in order and returns once they are durably stored.</summary>
    Task<IngestResult> Ingest(IReadOnlyList<ThreadEvent> events);

    /// <summary>The case, or null when nothing a citizen wrote has reached this thread.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CaseSnapshot?> GetCase();
}

[GenerateSerializer, Immutable, Alias("lcf.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Duplicates);
