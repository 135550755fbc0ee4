namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>A delivery that is not what Meta documents; the message says where (a JSON path) and why.</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);
