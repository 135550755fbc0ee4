using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LaoCaiFanpage.Grains.Email;

/// <summary>Sends one message through an SMTP server (MailKit). Answers null once the server accepted it, else why not.</summary>
public static class SmtpMailer
{
    public static async Task<SmtpOutcome> Send(SmtpSettings settings, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            using var smtp = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
            var security = settings.Security switch { "none" => SecureSocketOptions.None, "tls" => SecureSocketOptions.SslOnConnect, _ => SecureSocketOptions.StartTls };
            await smtp.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
            if (settings.Username is { Length: > 0 })
            {
                await smtp.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
            }

            await smtp.SendAsync(message, cancellationToken);
            await smtp.DisconnectAsync(true, cancellationToken);
            return SmtpOutcome.Sent;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 500 and < 600 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
        {
            // The server will never take this address: trying again cannot help.
            return new SmtpOutcome(ex.Message, Permanent: true);
        }
        catch (Exception ex) when (ex is SocketException or IOException or MailKit.ProtocolException or SmtpCommandException
            or AuthenticationException or SslHandshakeException or OperationCanceledException or TimeoutException)
        {
            return new SmtpOutcome(ex.Message, Permanent: false);
        }
    }
}

/// <summary>What became of one message: <see cref="Error"/> null once sent.</summary>
public sealed record SmtpOutcome(string? Error, bool Permanent)
{
    public static SmtpOutcome Sent { get; } = new(null, false);
}
