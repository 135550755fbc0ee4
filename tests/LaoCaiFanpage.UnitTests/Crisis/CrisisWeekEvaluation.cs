using System.Globalization;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Crisis;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// The crisis detector on a held-out week of traffic (tests/LaoCaiFanpage.UnitTests/Crisis/Evaluation, built by
/// build_week.py) with the shipped settings and lexicons: which labelled incidents it raised and how long after they
/// began, and the alerts that belong to no incident. An alert belongs to an incident when it is raised between the
/// incident's start and half an hour after its end, on the incident's post (or anywhere, for a page-wide incident).
/// </summary>
public sealed class CrisisWeekEvaluation
{
    public sealed record Incident(string Id, string Scope, DateTimeOffset Start, DateTimeOffset End, string Description);

    public sealed record Outcome(Incident Incident, DetectedBurst? FirstAlert)
    {
        public TimeSpan? Delay => FirstAlert is null ? null : FirstAlert.At - Incident.Start;
    }

    private CrisisWeekEvaluation(int comments, IReadOnlyList<Outcome> outcomes, IReadOnlyList<DetectedBurst> falseAlerts)
    {
        Comments = comments;
        Outcomes = outcomes;
        FalseAlerts = falseAlerts;
    }

    public int Comments { get; }

    public IReadOnlyList<Outcome> Outcomes { get; }

    public IReadOnlyList<DetectedBurst> FalseAlerts { get; }

    public static string EvaluationDirectory => Path.Combine(RepositoryPaths.Root, "tests", "LaoCaiFanpage.UnitTests", "Crisis", "Evaluation");

    public static CrisisWeekEvaluation Run(string directory)
    {
        var options = new CrisisDetectionOptions();
        var teencode = new ProhibitedContentFilter(ProhibitedLexicon.Load()).Teencode;
        var signals = new CommentSignals(new VietnameseSentiment(VietnameseSentiment.Load(), teencode), options.SensitiveKeywords, teencode);
        var detector = new CrisisDetector(options);
        var alerts = new List<DetectedBurst>();
        var comments = 0;
        foreach (var line in File.ReadLines(Path.Combine(directory, "week.tsv")).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var f = line.Split('\t', 3);
            alerts.AddRange(detector.Observe(signals.Read(f[1], DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture), f[2])));
            comments++;
        }

        var incidents = File.ReadLines(Path.Combine(directory, "incidents.tsv")).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(f => new Incident(f[0], f[1], DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture), DateTimeOffset.Parse(f[3], CultureInfo.InvariantCulture), f[4]))
            .ToList();
        bool Belongs(DetectedBurst alert, Incident incident) =>
            alert.At >= incident.Start && alert.At <= incident.End.AddMinutes(30)
            && (incident.Scope == "page" || alert.PostIds.Contains(incident.Scope) || alert.Scope == "post:" + incident.Scope);
        var outcomes = incidents.Select(i => new Outcome(i, alerts.Where(a => Belongs(a, i)).MinBy(a => a.At))).ToList();
        var falseAlerts = alerts.Where(a => !incidents.Exists(i => Belongs(a, i))).ToList();
        return new CrisisWeekEvaluation(comments, outcomes, falseAlerts);
    }
}
