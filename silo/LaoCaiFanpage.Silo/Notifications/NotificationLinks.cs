using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>Turns a page of the service into the address a person opens from an e-mail or a phone's notification.</summary>
public sealed class NotificationLinks(IOptions<NotificationHostOptions> options, IServer server)
{
    public string Absolute(string link)
    {
        var root = options.Value.BaseUrl is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        return root.TrimEnd('/') + "/" + link.TrimStart('/');
    }
}

/// <summary>Configuration section <c>Notifications</c> as the host reads it.</summary>
public sealed class NotificationHostOptions
{
    /// <summary>The service's address as officers open it (e.g. https://fanpage.laocai.gov.vn); else the address it listens on.</summary>
    [Url]
    public string? BaseUrl { get; set; }
}
