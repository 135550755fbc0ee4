using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>What one round of the watch did.</summary>
public sealed record ImpostorWatchRound(int Queries, int Found, int Recorded, int Rechecked, int Removed, string? Problem);

/// <summary>
/// The periodic watch (off unless <c>Impostors:Search:Enabled</c>): searches Facebook's pages for the official name's
/// variants and records those that resemble it, and re-checks every confirmed or reported page — one that no
/// longer exists is marked removed, one still live is re-scored with what it shows now.
/// </summary>
public sealed partial class ImpostorWatch(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    GraphApiClient graph,
    PagePictures pictures,
    ImpostorScorer scorer,
    IOptions<FanpageOptions> fanpage,
    IOptionsMonitor<ImpostorOptions> options,
    TimeProvider time,
    ILogger<ImpostorWatch> logger) : BackgroundService
{
    private static readonly Actor Watcher = Actor.System("impostor-watch");

    private readonly SemaphoreSlim _round = new(1, 1);

    public bool Enabled => options.CurrentValue.Search.Enabled;

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    /// <summary>The search terms: configured ones, or the official name as written, without diacritics, spelled out, and the username.</summary>
    public IReadOnlyList<string> Queries()
    {
        var configured = options.CurrentValue.Search.Queries.Where(q => !string.IsNullOrWhiteSpace(q)).ToList();
        if (configured.Count > 0)
        {
            return configured;
        }

        var name = PageName.Of(fanpage.Value.Name);
        return [.. new[] { fanpage.Value.Name, string.Join(' ', name.Words), string.Join(' ', name.Expanded), fanpage.Value.Username }.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Enabled)
            {
                try
                {
                    await RunRound(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A failed round (a grain call, the network) must not stop the host; the next one tries again.
                    LogRoundCrashed(logger, ex);
                }
            }

            await Task.Delay(TimeSpan.FromMinutes(options.CurrentValue.Search.IntervalMinutes), time, stoppingToken);
        }
    }

    /// <summary>One round now (the periodic loop and the officers' "scan now" share it; rounds never overlap).</summary>
    public async Task<ImpostorWatchRound> RunRound(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            var token = options.CurrentValue.Search.AccessToken is { Length: > 0 } t ? t : null;
            var queries = Queries();
            int found = 0, recorded = 0, rechecked = 0, removed = 0;
            try
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var query in queries)
                {
                    foreach (var result in await graph.SearchPages(query, token, cancellationToken))
                    {
                        found++;
                        if (!seen.Add(result.Id))
                        {
                            continue;
                        }

                        var candidate = Candidate(result, null);
                        if (!scorer.WorthRecording(scorer.Assess(candidate)))
                        {
                            continue; // the official page itself, or too unlike it to be worth a record
                        }

                        await grains.GetGrain<IImpostorPageGrain>(ImpostorPageKey.For(candidate)).Observe(candidate, Watcher);
                        recorded++;
                    }
                }

                foreach (var page in await grains.GetGrain<IImpostorRegistryGrain>(0).List(null))
                {
                    if (page.Status is not (ImpostorStatuses.Confirmed or ImpostorStatuses.Reported) || page.Page.PageId is not { } pageId)
                    {
                        continue;
                    }

                    rechecked++;
                    var live = await graph.GetPage(pageId, token, cancellationToken);
                    var grain = grains.GetGrain<IImpostorPageGrain>(page.Id);
                    if (live is null)
                    {
                        await grain.Gone(Watcher);
                        removed++;
                        continue;
                    }

                    ulong? hash = null;
                    if (live.PictureUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var address) && url != page.Page.PictureUrl)
                    {
                        (hash, _) = await pictures.Hash(address, cancellationToken);
                    }

                    await grain.Observe(Candidate(live, hash) with { Url = page.Page.Url ?? live.Link }, Watcher);
                }
            }
            catch (GraphApiException ex)
            {
                LogRoundFailed(logger, ex.Code ?? 0, ex.Message);
                return new ImpostorWatchRound(queries.Count, found, recorded, rechecked, removed, $"Graph API: {ex.Message}");
            }

            LogRound(logger, queries.Count, found, recorded, rechecked, removed);
            return new ImpostorWatchRound(queries.Count, found, recorded, rechecked, removed, null);
        }
        finally
        {
            _round.Release();
        }
    }

    private static PageCandidate Candidate(GraphPage page, ulong? pictureHash)
    {
        var address = FacebookPageAddress.Parse(page.Link);
        return new(address?.Url ?? "https://www.facebook.com/profile.php?id=" + page.Id, page.Id, page.Name, address?.Username, page.About, page.Category,
            page.Followers, page.VerificationStatus, pictureHash is null ? null : page.PictureUrl, pictureHash, CandidateSources.Search);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Impostor watch: {Queries} search(es), {Found} result(s), {Recorded} recorded; {Rechecked} confirmed page(s) re-checked, {Removed} gone")]
    private static partial void LogRound(ILogger logger, int queries, int found, int recorded, int rechecked, int removed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Impostor watch: the round failed; the next one tries again")]
    private static partial void LogRoundCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impostor watch: the Graph API refused (code {Code}): {Message}; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, int code, string message);
}
