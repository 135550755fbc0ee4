using LaoCaiFanpage.Benchmarks;

// dotnet run -c Release --project tests/LaoCaiFanpage.Benchmarks -- [webhook-batch]
var which = args.Length > 0 ? args[0] : "webhook-batch";
switch (which)
{
    case "webhook-batch":
        await WebhookBatchBenchmark.Run(Console.Out);
        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Available: webhook-batch");
        return 2;
}
