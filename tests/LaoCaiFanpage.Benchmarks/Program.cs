using LaoCaiFanpage.Benchmarks;

// dotnet run -c Release --project tests/LaoCaiFanpage.Benchmarks -- [all | webhook-batch | calendar]
var which = args.Length > 0 ? args[0] : "all";
switch (which)
{
    case "all":
        CalendarBenchmark.Run(Console.Out);
        await WebhookBatchBenchmark.Run(Console.Out);
        return 0;
    case "webhook-batch":
        await WebhookBatchBenchmark.Run(Console.Out);
        return 0;
    case "calendar":
        CalendarBenchmark.Run(Console.Out);
        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Available: all, webhook-batch, calendar");
        return 2;
}
